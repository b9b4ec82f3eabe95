package zoom

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// numberedPages (for page_number listings; the generated iterators use it
// where Zoom has no next_page_token) counts pages up to page_count, stops
// when the loop does, and yields an error once.
func TestNumberedPages(t *testing.T) {
	t.Parallel()
	var asked []int
	fetch := func(_ context.Context, page int) ([]int, int, error) {
		asked = append(asked, page)
		if page == 4 {
			return nil, 0, errors.New("boom")
		}
		return []int{page * 10, page*10 + 1}, 3, nil
	}
	var got []int
	for v, err := range numberedPages(t.Context(), fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !slices.Equal(got, []int{10, 11, 20, 21, 30, 31}) || !slices.Equal(asked, []int{1, 2, 3}) {
		t.Fatalf("items %v from pages %v", got, asked)
	}
	asked = nil
	for range numberedPages(t.Context(), fetch) {
		break
	}
	if !slices.Equal(asked, []int{1}) {
		t.Fatalf("an early break still fetched pages %v", asked)
	}
	errs := 0
	for _, err := range numberedPages(t.Context(), func(context.Context, int) ([]int, int, error) { return nil, 0, errors.New("down") }) {
		if err != nil {
			errs++
		}
	}
	if errs != 1 {
		t.Fatalf("%d errors yielded, want 1", errs)
	}
}
