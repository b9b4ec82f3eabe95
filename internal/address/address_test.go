package address

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	openapi_types "github.com/oapi-codegen/runtime/types"
)

// The copy of kin-openapi's email format is the format the mock checks.
func TestAPIEmailFormatIsKinOpenAPIs(t *testing.T) {
	if apiEmailFormat != openapi3.FormatOfStringForEmail {
		t.Fatalf("apiEmailFormat = %q, kin-openapi's is now %q: copy it", apiEmailFormat, openapi3.FormatOfStringForEmail)
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = accepted; else a substring of the error
	}{
		{"ann@example.com", ""},
		{"Ann.Lee+zoom@mail.example.co.uk", ""},
		{"jöhn@exämple.com", ""}, // net/mail and the API format take UTF-8
		{"o'brien@example.com", ""},
		{"", "is empty"},
		{"john..doe@example.com", "two dots in a row"},
		{".ann@example.com", "starts or ends with a dot"},
		{"ann.@example.com", "starts or ends with a dot"},
		{"ann@example..com", "two dots in a row"},
		{"ann@.example.com", "the domain starts or ends with a dot"},
		{"ann@example", "no dot"},
		{"ann@[192.0.2.1]", "not an internet domain"},
		{"annexample.com", "no @"},
		{"ann@b@example.com", "more than one @"},
		{"@example.com", "nothing before the @"},
		{"ann@", "nothing after the @"},
		{"ann lee@example.com", "contains a space"},
		{" ann@example.com", "bare address"},
		{"ann@example.com ", "bare address"},
		{"Ann <ann@example.com>", "bare address"},
		{"ann@example.com (Ann)", "bare address"},
		{`"ann lee"@example.com`, "bare address"},
		{"bobby.tables(at)example.com", "is not an email address"},
		{"ann@exa\xffmple.com", "not valid UTF-8"},
	} {
		err := Check(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%q) = %v, want nil", tc.in, err)
		case tc.want != "" && err == nil:
			t.Errorf("Check(%q) = nil, want an error with %q", tc.in, tc.want)
		case tc.want != "" && !strings.Contains(err.Error(), tc.want):
			t.Errorf("Check(%q) = %q, want it to say %q", tc.in, err, tc.want)
		}
		if err != nil && tc.in != "" && !strings.Contains(err.Error(), "is not an email address") {
			t.Errorf("Check(%q) = %q: the CSV and client messages rely on \"is not an email address\"", tc.in, err)
		}
	}
}

// FuzzCheck holds Check to its promise: whatever it accepts, the
// generated request type encodes unchanged and the API's email format
// takes; whatever the generated type cannot encode, Check refuses.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"ann@example.com", "john..doe@example.com", "Ann <ann@example.com>", `"a b"@example.com`,
		"a@[1.2.3.4]", "a@b", " a@b.com", "a@b.com (c)", "jöhn@exämple.com", "a@-b.com", "=?utf-8?q?x?= <a@b.com>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Check(s)
		b, merr := json.Marshal(openapi_types.Email(s))
		if err == nil {
			if merr != nil {
				t.Fatalf("Check(%q) accepted it, the generated type refuses it: %v", s, merr)
			}
			want, _ := json.Marshal(s)
			if string(b) != string(want) {
				t.Fatalf("Check(%q) accepted it, the generated type sends %s instead", s, b)
			}
			if !apiFormat.MatchString(s) {
				t.Fatalf("Check(%q) accepted what the API's email format refuses", s)
			}
		}
		if merr != nil && err == nil {
			t.Fatalf("the generated type refuses %q, Check accepted it", s)
		}
	})
}

// FuzzPlainImpliesCheck: the allocation-free fast path never accepts an
// address the full rules refuse.
func FuzzPlainImpliesCheck(f *testing.F) {
	for _, s := range []string{"ann@example.com", "a.b-c+d@x-y.example.org", "a@b", "a@b.", "a@.b.com", "a@-b.com", "a@b-.com",
		".a@b.com", "a.@b.com", "a..b@c.com", "a@b..com", "a{b}@c.de", "a@b.c", "ä@b.com", "a@1.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plain(s) {
			if err := check(s); err != nil {
				t.Fatalf("plain(%q) accepted what check refuses: %v", s, err)
			}
		}
	})
}

func TestPlainAcceptsEverydayAddresses(t *testing.T) {
	for _, s := range []string{"ann@example.com", "Ann.Lee+zoom@mail.example.co.uk", "x_y-z@a1-b2.io"} {
		if !plain(s) {
			t.Errorf("plain(%q) = false", s)
		}
	}
	for _, s := range []string{"a@b", "a..b@c.com", "a@b..com", "a@-b.com", "Ann <a@b.com>", "ä@b.com", ""} {
		if plain(s) {
			t.Errorf("plain(%q) = true", s)
		}
	}
}
