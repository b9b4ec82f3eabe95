package formdata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzEachMember checks the hand-written top-level scan against
// encoding/json on any compact JSON object.
func FuzzEachMember(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1}`, `{"a":"x,y}","b":[1,{"c":"]"}],"d":null,"e":true}`,
		`{"k\"ey":"v\\"}`, `{"u":"\u00e9\n","n":-1.5e3,"o":{"p":{"q":[[]]}}}`,
		`{"registrants":[{"email":"a@b.c","first_name":"A"}],"auto_approve":true}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, in) != nil || compact.Len() == 0 || compact.Bytes()[0] != '{' {
			return
		}
		raw := compact.Bytes()
		if !utf8.Valid(raw) {
			return // json.Marshal never emits invalid UTF-8; decoding would replace it
		}
		type member struct {
			Name  string
			Value string
		}
		var want []member
		dec := json.NewDecoder(bytes.NewReader(raw))
		if _, err := dec.Token(); err != nil {
			return
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return
			}
			want = append(want, member{k.(string), string(v)})
		}
		var got []member
		err := eachMember(raw, func(name string, value []byte) error {
			got = append(got, member{name, string(value)})
			return nil
		})
		if err != nil {
			t.Fatalf("eachMember(%s): %v", raw, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("eachMember(%s):\n got %q\nwant %q", raw, got, want)
		}
	})
}
