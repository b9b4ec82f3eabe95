package decodecheck_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/internal/conformance/decodecheck"
)

// The shapes oapi-codegen generates: optional fields as pointers, a
// response struct with JSON<status> fields, and a Parse function that
// decodes by status and Content-Type.
type meeting struct {
	Id       *int64     `json:"id,omitempty"`
	Price    *int       `json:"price,omitempty"` // a number typed as an integer
	Settings *settings  `json:"settings,omitempty"`
	Tags     *[]string  `json:"tags,omitempty"`
	When     *time.Time `json:"when,omitempty"`
	Extra    map[string]any
}

type settings struct {
	Audio *string `json:"audio,omitempty"`
	// video is declared with another JSON name, so "video" is undeclared.
	Video *bool `json:"video_on,omitempty"`
}

type getMeetingResponse struct {
	Body    []byte
	JSON200 *meeting
	JSON204 *meeting
}

func parse(rsp *http.Response) (any, error) {
	var b bytes.Buffer
	_, _ = b.ReadFrom(rsp.Body)
	r := &getMeetingResponse{Body: b.Bytes()}
	if strings.Contains(rsp.Header.Get("Content-Type"), "json") {
		var m meeting
		if err := json.Unmarshal(b.Bytes(), &m); err != nil {
			return nil, err
		}
		switch rsp.StatusCode {
		case 200:
			r.JSON200 = &m
		case 204:
			r.JSON204 = &m
		}
	}
	return r, nil
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		c         decodecheck.Case
		ok        bool
		err       string
		nil_      []string
		mismatch  []string
		undeclare []string
		path      string
	}{
		{name: "all fields decoded", ok: true,
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"id": 12345678901, "settings": {"audio": "voip"}, "tags": ["a", "b"], "when": "2026-01-02T03:04:05Z"}`)}},
		{name: "undeclared field is reported, not failed", ok: true, undeclare: []string{".settings.video"},
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"settings": {"video": true}}`)}},
		{name: "number into an integer field fails to parse", err: "Parse: json: cannot unmarshal number 1.5", path: ".price",
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"price": 1.5}`)}},
		{name: "placeholder-typed field", err: "Parse: json: cannot unmarshal string", path: ".id",
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"id": "integer"}`)}},
		{name: "status the client does not decode", err: "the client has no JSON201",
			c: decodecheck.Case{Status: 201, Body: json.RawMessage(`{}`)}},
		{name: "no content but a JSON field", err: "the client declares JSON204",
			c: decodecheck.Case{Status: 204, NoContent: true}},
		{name: "no content, no field", ok: true,
			c: decodecheck.Case{Status: 202, NoContent: true}},
		{name: "null in the data is not a nil field", ok: true,
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"id": null}`)}},
		{name: "map entries", ok: true,
			c: decodecheck.Case{Status: 200, Body: json.RawMessage(`{"Extra": {"k": [1, 2]}}`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := decodecheck.Check(parse, tc.c)
			if r.OK != tc.ok || !strings.HasPrefix(r.Error, tc.err) || (tc.err == "" && r.Error != "") ||
				!slices.Equal(r.Nil, tc.nil_) || !slices.Equal(r.Mismatch, tc.mismatch) || !slices.Equal(r.Undeclared, tc.undeclare) || r.Path != tc.path {
				t.Errorf("Check = %+v, want ok=%v error %q nil %v mismatch %v undeclared %v", r, tc.ok, tc.err, tc.nil_, tc.mismatch, tc.undeclare)
			}
		})
	}
}

// A decoder that drops data into nil fields or changes it is caught.
func TestCheckNilAndMismatch(t *testing.T) {
	t.Parallel()
	lossy := func(rsp *http.Response) (any, error) {
		r := &getMeetingResponse{JSON200: &meeting{Settings: &settings{}, Tags: &[]string{"a"}}}
		return r, nil
	}
	r := decodecheck.Check(lossy, decodecheck.Case{Status: 200, Body: json.RawMessage(`{"id": 1, "settings": {"audio": "x"}, "tags": ["a", "b"]}`)})
	if r.OK || r.Kind != decodecheck.FailNil || !slices.Equal(r.Nil, []string{".id", ".settings.audio"}) || len(r.Mismatch) != 1 || !strings.HasPrefix(r.Mismatch[0], ".tags: 2 items decoded as 1") {
		t.Errorf("Check = %+v", r)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	in := `{"id": 0, "op": "GetMeeting", "status": 200, "body": {"id": 1}}
{"id": 1, "op": "Missing", "status": 200, "body": {}}
`
	var out bytes.Buffer
	if err := decodecheck.Run(map[string]decodecheck.Parser{"GetMeeting": parse}, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&out)
	var rs []decodecheck.Result
	for dec.More() {
		var r decodecheck.Result
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	if len(rs) != 2 || !rs[0].OK || rs[1].OK || rs[1].Kind != decodecheck.FailNoParser || rs[1].Error != "no ParseMissingResponse in the client" {
		t.Errorf("results %+v", rs)
	}
}
