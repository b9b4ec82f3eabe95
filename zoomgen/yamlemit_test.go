package zoomgen

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// yamlBoth writes a JSON document with writeYAML and with yaml.v3.
func yamlBoth(t testing.TB, js []byte) (fast, ref []byte, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, nil, false
	}
	v = yamlValue(v)
	ref, err := yamlV3(v)
	if err != nil {
		return nil, nil, false
	}
	fast, err = writeYAML(v)
	if err != nil {
		return ref, ref, true // the fallback is yaml.v3 itself
	}
	return fast, ref, true
}

// TestYAMLEmitterMatchesYAMLv3 holds writeYAML to yaml.v3's bytes on every
// document the tests convert: the committed spec must not change with the
// writer.
func TestYAMLEmitterMatchesYAMLv3(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.postman.json")
	spec, _ := filepath.Glob("../spec/postman/*.json")
	for _, f := range append(files, spec...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		opts := ZoomOptions()
		opts.InferFormats = true
		res, err := Convert(context.Background(), []Source{{Name: f, Data: data}}, opts)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		js, err := res.Doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		fast, ref, _ := yamlBoth(t, js)
		if !bytes.Equal(fast, ref) {
			t.Errorf("%s: writeYAML differs from yaml.v3:\n%s", f, diffLine(ref, fast))
		}
	}
	for _, js := range yamlCases {
		fast, ref, ok := yamlBoth(t, []byte(js))
		if !ok {
			t.Fatalf("bad case %s", js)
		}
		if !bytes.Equal(fast, ref) {
			t.Errorf("%s: writeYAML differs from yaml.v3:\n%s", js, diffLine(ref, fast))
		}
	}
}

// yamlCases are shapes and strings chosen to hit each quoting and layout
// rule.
var yamlCases = []string{
	`{"a": [[1, 2], [3, [4, {}]], [], {}], "b": {"c": []}, "d": [{"e": [1, {"f": null}]}, [{"g": true}]]}`,
	`{"s": ["", " ", "a ", " a", "true", "True", "yes", "No", "null", "~", "1", "1.5", "0x1F", "1e3", "-", "- a", "a: b", "a #b", "#a", "a'b", "'a", "\"a", "@a", "` + "`a`" + `", "a\tb", "é", "日本", "2024-01-01", "2022-03-22T05:59:09Z", "1:20", "<integer>", "{a}", "[a]", "a,b", "*a", "&a", "!a", "%a", "|a", ">a", "?a", "?", ":", "a:", "a\\b"]}`,
	`{"m": ["a\nb", "a\n", "a\n\n", "\na", " a\nb", "a \nb", "a\n b", "a\n\nb", "a\r\nb", "\t\n", "a\u0085b", "a\u2028b"]}`,
	`{"t": ["a#b", "a #b", "a:b", "a: b", "a:", "-a", "-", "--", "---x", "...x", "?a", "? a", ":a", ": a", "it's", "'q'", "<<", "<x", "x<", "a,b", "[x", "x]", "{x", "%x", "@x", "` + "`x" + `", "a\nb #c", "a\n\n\nb", "# h\nb", "- a\n- b", "a:\nb", "'a'\nb", "x  y", "x\n  y"]}`,
	`{"n": [1, -1, 0, 12345678901, 1.5, -0.25, 1e21, 1e-7, 100000000000000000000000]}`,
	`{"keys": {"a10": 1, "a2": 1, "a01": 1, "a1": 1, "B": 1, "b": 1, "_": 1, "1": 1, "10": 1, "2": 1, "200": 1, "default": 1, "x-a": 1, "x_a": 1, "é": 1, "": 1, " ": 1}}`,
}

func diffLine(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + itoa(i+1) + ":\n- " + string(w) + "\n+ " + string(g)
		}
	}
	return "(trailing bytes differ)"
}

func itoa(i int) string { return string(json.Number(json.Number(jsonInt(i)))) }

func jsonInt(i int) string { b, _ := json.Marshal(i); return string(b) }

var longDigits = regexp.MustCompile(`[0-9]{19}`)

// FuzzYAMLEmitter compares writeYAML with yaml.v3 on arbitrary JSON.
func FuzzYAMLEmitter(f *testing.F) {
	for _, c := range yamlCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || len(data) == 0 || data[0] != '{' || longDigits.Match(data) {
			// yaml.v3's key order is not a strict order when a run of
			// digits overflows int64, so its output then depends on map
			// iteration order and cannot be compared byte for byte.
			return
		}
		fast, ref, ok := yamlBoth(t, data)
		if !ok {
			return
		}
		if !bytes.Equal(fast, ref) {
			t.Fatalf("writeYAML differs from yaml.v3 for %s:\n%s", data, diffLine(ref, fast))
		}
	})
}

// TestPlainTreeMatchesJSON holds plainValue to the tree a JSON round trip
// of kin-openapi's MarshalJSON gives, on every document of the corpus and
// the large collection.
func TestPlainTreeMatchesJSON(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.postman.json")
	spec, _ := filepath.Glob("../spec/postman/*.json")
	var srcs [][]Source
	for _, f := range append(files, spec...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, []Source{{Name: f, Data: data}})
	}
	for _, src := range srcs {
		opts := ZoomOptions()
		opts.InferFormats = true
		res, err := Convert(context.Background(), src, opts)
		if err != nil {
			t.Fatalf("%s: %v", src[0].Name, err)
		}
		want, err := jsonValue(res.Doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := plainValue(res.Doc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			a, _ := yamlV3(want)
			b, _ := yamlV3(got)
			t.Errorf("%s: plainValue differs from the JSON round trip:\n%s", src[0].Name, diffLine(a, b))
		}
	}
}

// TestYAMLKeyOrder holds yamlKeyLess to yaml.v3's order of mapping keys,
// over keys that exercise digit runs, leading zeros, letters against
// punctuation, prefixes and non-ASCII letters.
func TestYAMLKeyOrder(t *testing.T) {
	keys := []string{"", "a", "A", "b", "Z", "_", "-", "/", "0", "00", "01", "007", "1", "2", "9", "10", "19", "20",
		"a1", "a01", "a001", "a2", "a10", "a1b", "a1_", "a/", "a_", "aa", "ab", "1a", "1_", "x-1", "x_1", "x1y",
		"200", "201", "2xx", "404", "4XX", "default", "/users/{id}", "/users/{userId}", "/users/me", "99999999999999999999",
		"099999999999999999999", "é", "e", "f", "名前", "a名"}
	m := map[string]any{}
	for _, k := range keys {
		m[k] = int64(1)
	}
	want, err := yamlV3(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := writeYAML(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("writeYAML orders keys unlike yaml.v3:\n%s", diffLine(want, got))
	}
}
