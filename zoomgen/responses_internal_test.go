package zoomgen

import "testing"

func TestWithoutLeadingZeros(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"id": 00001}`:                     `{"id": 1}`,
		`{"id": 000}`:                       `{"id": 0}`,
		`[007, -007, 0.5, 00.5, 10001]`:     `[7, -7, 0.5, 0.5, 10001]`,
		`{"zip": "00501", "n": 0}`:          `{"zip": "00501", "n": 0}`,
		`{"a\"00": 01, "b": "\\", "c": 02}`: `{"a\"00": 1, "b": "\\", "c": 2}`,
		`{"e": 1e05}`:                       `{"e": 1e05}`,
	} {
		if got := withoutLeadingZeros(in); got != want {
			t.Errorf("withoutLeadingZeros(%s) = %s, want %s", in, got, want)
		}
	}
}
