package formdata_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"reflect"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/formdata"
)

func ptr[T any](v T) *T { return &v }

type part struct {
	Name, ContentType, Body string
}

// parse reads a body back with the standard library's multipart reader,
// independently of the encoder.
func parse(t *testing.T, contentType string, body []byte) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q: %v", contentType, err)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var parts []part
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return parts
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, part{p.FormName(), p.Header.Get("Content-Type"), string(b)})
	}
}

func TestRoundTrip(t *testing.T) {
	enc := formdata.Encoding{"registrants": "application/json"}
	tests := []struct {
		name string
		in   gen.PerformBatchRegistrationMultipartRequestBody
		want []part
	}{
		{
			name: "all fields",
			in: gen.PerformBatchRegistrationMultipartRequestBody{
				AutoApprove:                  true,
				RegistrantsConfirmationEmail: ptr(false),
				Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{
					{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace"},
					{Email: "grace@example.com", FirstName: `Grace "Amazing"`},
				},
			},
			want: []part{
				{"auto_approve", "", "true"},
				{"registrants", "application/json", `[{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"},{"email":"grace@example.com","first_name":"Grace \"Amazing\""}]`},
				{"registrants_confirmation_email", "", "false"},
			},
		},
		{
			name: "optional fields omitted",
			in: gen.PerformBatchRegistrationMultipartRequestBody{
				Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "a@b.example", FirstName: "A"}},
			},
			want: []part{{"registrants", "application/json", `[{"email":"a@b.example","first_name":"A"}]`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			ct, err := formdata.Encode(&buf, tt.in, enc)
			if err != nil {
				t.Fatal(err)
			}
			got := parse(t, ct, buf.Bytes())
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("parts:\n got %q\nwant %q", got, tt.want)
			}
			// And back into the generated type: equal to what went in.
			var back gen.PerformBatchRegistrationMultipartRequestBody
			for _, p := range got {
				switch p.Name {
				case "registrants":
					if err := json.Unmarshal([]byte(p.Body), &back.Registrants); err != nil {
						t.Fatal(err)
					}
				case "auto_approve":
					back.AutoApprove = p.Body == "true"
				case "registrants_confirmation_email":
					back.RegistrantsConfirmationEmail = ptr(p.Body == "true")
				default:
					t.Fatalf("unexpected part %q", p.Name)
				}
			}
			if !reflect.DeepEqual(back, tt.in) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", back, tt.in)
			}
		})
	}
}

// TestPartKinds covers every JSON kind a generated type can produce,
// including map-typed bodies (sorted keys) and the default JSON label.
func TestPartKinds(t *testing.T) {
	in := map[string]any{
		"s":    "text with \"quotes\" and ünïcode",
		"n":    json.Number("12345678901234567890"),
		"f":    1.5,
		"b":    false,
		"nil":  nil,
		"obj":  map[string]int{"x": 1},
		"arr":  []string{"a"},
		"zero": 0,
	}
	ct, body, err := formdata.Bytes(in, formdata.Encoding{"s": "text/plain; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(body)
	got := parse(t, ct, raw)
	want := []part{
		{"arr", "application/json", `["a"]`},
		{"b", "", "false"},
		{"f", "", "1.5"},
		{"n", "", "12345678901234567890"},
		{"obj", "application/json", `{"x":1}`},
		{"s", "text/plain; charset=utf-8", "text with \"quotes\" and ünïcode"},
		{"zero", "", "0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parts:\n got %q\nwant %q", got, want)
	}
}

func TestDeterministicOrder(t *testing.T) {
	in := gen.PerformBatchRegistrationMultipartRequestBody{
		AutoApprove: true,
		Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "a@b.example", FirstName: "A"}},
	}
	var first []part
	for i := range 20 {
		ct, body, err := formdata.Bytes(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(body)
		got := parse(t, ct, raw)
		if i == 0 {
			first = got
			continue
		}
		if !reflect.DeepEqual(got, first) {
			t.Fatalf("encoding %d differs: %q vs %q", i, got, first)
		}
	}
}

func TestNotAnObject(t *testing.T) {
	for _, v := range []any{[]int{1}, "x", 3, nil} {
		if _, _, err := formdata.Bytes(v, nil); err == nil || !strings.Contains(err.Error(), "JSON object") {
			t.Errorf("Bytes(%#v) error = %v, want one about a JSON object", v, err)
		}
	}
	if _, _, err := formdata.Bytes(func() {}, nil); err == nil {
		t.Error("Bytes(func) succeeded")
	}
}

func TestEscapedName(t *testing.T) {
	ct, body, err := formdata.Bytes(map[string]string{`we"ird\name`: "v"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(body)
	got := parse(t, ct, raw)
	if len(got) != 1 || got[0].Name != `we"ird\name` || got[0].Body != "v" {
		t.Fatalf("got %q", got)
	}
}
