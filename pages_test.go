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

// A sequence ranged over twice starts from the first page each time, and
// a repeated next_page_token is caught within one range, not across two.
func TestPagesRangedTwice(t *testing.T) {
	t.Parallel()
	numbered := numberedPages(t.Context(), func(_ context.Context, page int) ([]int, int, error) {
		return []int{page}, 2, nil
	})
	byToken := Pages(t.Context(), func(_ context.Context, token string) ([]string, string, error) {
		if token == "" {
			return []string{"a"}, "t1", nil
		}
		return []string{"b"}, "", nil
	})
	for range 2 {
		var got []int
		for v, err := range numbered {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("numbered pages gave %v, want [1 2]", got)
		}
		var gotTok []string
		for v, err := range byToken {
			if err != nil {
				t.Fatal(err)
			}
			gotTok = append(gotTok, v)
		}
		if !slices.Equal(gotTok, []string{"a", "b"}) {
			t.Fatalf("token pages gave %v, want [a b]", gotTok)
		}
	}
}
