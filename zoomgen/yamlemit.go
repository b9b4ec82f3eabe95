package zoomgen

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// The YAML writer stays hand-written because of a measurement: writing the
// 3 MB benchmark collection's document (BenchmarkConvertLarge) takes
// yaml.v3 about 5 times as long as writeYAML and allocates 180 MB to its
// 8 MB (yaml.v3's emitter keeps every event of a document; the maintained
// go.yaml.in/yaml/v3 and v4 measure the same), which alone would be over
// the converter's 150 ms budget. sigs.k8s.io/yaml and goccy/go-yaml (not
// measured) write a list under a key without indenting it, which would
// rewrite every committed spec. writeYAML writes the JSON-shaped
// trees MarshalYAML produces (maps with string keys, slices, strings,
// int64, float64, bool, nil) in exactly the layout yaml.v3 uses, and asks
// yaml.v3 for the representation of every string it cannot prove to be a
// plain scalar, so the quoting rules stay yaml.v3's own. Anything outside
// that shape makes it give up (errYAMLFallback) and MarshalYAML uses
// yaml.v3 for the whole document; TestYAMLEmitterMatchesYAMLv3 holds the
// two to the same bytes.

var errYAMLFallback = errors.New("zoomgen: document needs yaml.v3")

type yamlWriter struct {
	buf     bytes.Buffer
	scalars map[string]string // string → its yaml.v3 rendering (as a top-level document)
}

func writeYAML(v any) ([]byte, error) {
	w := &yamlWriter{scalars: map[string]string{}}
	switch x := v.(type) {
	case map[string]any:
		// About 9 kB of YAML per path item and up to 2 kB per component
		// schema in Zoom-shaped specs; growing the buffer by doubling
		// would copy the output several times and allocate twice its size.
		paths, _ := x["paths"].(map[string]any)
		components, _ := x["components"].(map[string]any)
		schemas, _ := components["schemas"].(map[string]any)
		w.buf.Grow(64<<10 + 10<<10*len(paths) + 2<<10*len(schemas))
		if len(x) == 0 {
			return []byte("{}\n"), nil
		}
		if err := w.mapping(x, 0); err != nil {
			return nil, err
		}
	default:
		return nil, errYAMLFallback
	}
	return w.buf.Bytes(), nil
}

func (w *yamlWriter) indent(n int) {
	for i := 0; i < n; i++ {
		w.buf.WriteByte(' ')
	}
}

// mapping writes a non-empty mapping whose first key goes at the current
// position (already indented) and the others at indent.
func (w *yamlWriter) mapping(m map[string]any, indent int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Sorting the plain order first makes the result deterministic even
	// for keys where yamlKeyLess is not a strict order (digit runs that
	// overflow int64).
	// slices' stable sort is sort.SliceStable's algorithm and only asks
	// whether cmp < 0, so this gives the same order without reflection.
	slices.Sort(keys)
	slices.SortStableFunc(keys, func(a, b string) int {
		if yamlKeyLess(a, b) {
			return -1
		}
		return 0
	})
	for i, k := range keys {
		if i > 0 {
			w.indent(indent)
		}
		if err := w.entry(k, m[k], indent); err != nil {
			return err
		}
	}
	return nil
}

// entry writes one "key: value" of a mapping, the key at the current
// position.
func (w *yamlWriter) entry(k string, v any, indent int) error {
	ks, err := w.scalar(k)
	if err != nil {
		return err
	}
	if len(k) > 128 || strings.HasPrefix(ks, "|") || strings.HasPrefix(ks, ">") {
		return errYAMLFallback // a complex key ("? key"), which yaml.v3 lays out differently
	}
	w.buf.WriteString(ks)
	w.buf.WriteByte(':')
	return w.value(v, indent, false)
}

// value writes v after "key:" (inSeq false) or "-" (inSeq true).
func (w *yamlWriter) value(v any, indent int, inSeq bool) error {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.buf.WriteString(" {}\n")
			return nil
		}
		if inSeq {
			w.buf.WriteByte(' ')
			return w.mapping(x, indent+2)
		}
		w.buf.WriteByte('\n')
		w.indent(indent + 2)
		return w.mapping(x, indent+2)
	case []any:
		if len(x) == 0 {
			w.buf.WriteString(" []\n")
			return nil
		}
		if inSeq {
			w.buf.WriteByte(' ')
			return w.sequence(x, indent+2, true)
		}
		w.buf.WriteByte('\n')
		return w.sequence(x, indent+2, false)
	case string:
		s, err := w.scalar(x)
		if err != nil {
			return err
		}
		w.buf.WriteByte(' ')
		if strings.HasPrefix(s, "|") {
			// A literal block: its header, then its lines indented under
			// the key or dash.
			head, body, _ := strings.Cut(s, "\n")
			w.buf.WriteString(head)
			w.buf.WriteByte('\n')
			for _, line := range strings.SplitAfter(body, "\n") {
				if line == "" {
					continue
				}
				if line != "\n" {
					w.indent(indent + 2)
				}
				w.buf.WriteString(line)
			}
			return nil
		}
		w.buf.WriteString(s)
		w.buf.WriteByte('\n')
	case nil:
		w.buf.WriteString(" null\n")
	case bool:
		if x {
			w.buf.WriteString(" true\n")
		} else {
			w.buf.WriteString(" false\n")
		}
	case int64:
		w.buf.WriteByte(' ')
		w.buf.WriteString(strconv.FormatInt(x, 10))
		w.buf.WriteByte('\n')
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		switch s {
		case "+Inf", "-Inf", "NaN":
			return errYAMLFallback
		}
		w.buf.WriteByte(' ')
		w.buf.WriteString(s)
		w.buf.WriteByte('\n')
	default:
		return errYAMLFallback
	}
	return nil
}

// sequence writes a non-empty sequence with its dashes at indent; if
// first is true the first dash goes at the current position.
func (w *yamlWriter) sequence(s []any, indent int, first bool) error {
	for i, e := range s {
		if i > 0 || !first {
			w.indent(indent)
		}
		w.buf.WriteByte('-')
		if err := w.value(e, indent, true); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns the YAML for a string: plain when it is certainly plain,
// otherwise what yaml.v3 writes for it as a document of its own (without
// the final newline; literal blocks keep their header and lines).
func (w *yamlWriter) scalar(s string) (string, error) {
	if isSurelyPlain(s) {
		return s, nil
	}
	if r, ok := w.scalars[s]; ok {
		return r, nil
	}
	if r, ok := asciiScalar(s); ok {
		w.scalars[s] = r
		return r, nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return "", errYAMLFallback
	}
	if err := enc.Close(); err != nil {
		return "", errYAMLFallback
	}
	r := b.String()
	if strings.HasPrefix(r, "|") {
		if strings.ContainsAny(r, "\r\u0085\u2028\u2029") {
			return "", errYAMLFallback
		}
		// Literal block lines come indented by 2 at the top level; strip
		// that so value() can indent them for their place.
		head, body, _ := strings.Cut(r, "\n")
		var out strings.Builder
		out.WriteString(head)
		out.WriteByte('\n')
		for _, line := range strings.SplitAfter(body, "\n") {
			if line == "" {
				continue
			}
			if line != "\n" {
				if !strings.HasPrefix(line, "  ") {
					return "", errYAMLFallback
				}
				line = line[2:]
			}
			out.WriteString(line)
		}
		r = out.String()
	} else {
		r = strings.TrimSuffix(r, "\n")
		// A rendering over several lines (YAML also breaks lines at CR,
		// NEL, LS and PS) is indented for the top level, not for here.
		if strings.ContainsAny(r, "\n\r\u0085\u2028\u2029") || strings.HasPrefix(r, ">") || strings.HasPrefix(r, "!") {
			return "", errYAMLFallback
		}
	}
	w.scalars[s] = r
	return r, nil
}

// asciiScalar renders the strings that make up nearly all of a spec
// (printable ASCII, line feeds) the way yaml.v3's emitter chooses: a
// literal block for text over several lines, else plain if no indicator
// forbids it, else single-quoted. Strings that YAML could read as another
// type (numbers, dates, booleans, null) and anything unusual report false
// and are left to yaml.v3.
func asciiScalar(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	lines := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			lines = true
		case c < 0x20 || c > 0x7e:
			return "", false
		}
	}
	if lines {
		// yaml.v3 writes |- when the text starts with neither space nor
		// line break, ends in neither, and no line ends in a space.
		if s[0] == ' ' || s[0] == '\n' || s[len(s)-1] == '\n' || s[len(s)-1] == ' ' || strings.Contains(s, " \n") {
			return "", false
		}
		return "|-\n" + s + "\n", true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-' && len(s) > 1 && s[1] != ' ', c == '.', c == '~', c == '<':
		// numbers, dates, .inf, ~, the merge key <<: yaml.v3 decides
		return "", false
	}
	if len(s) <= 5 {
		switch strings.ToLower(s) {
		case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
			return "", false
		}
	}
	if plainAllowed(s) {
		return s, true
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", true
}

// plainAllowed is the emitter's block_plain_allowed for a one-line ASCII
// string: no leading or trailing space and no indicator in a place where
// it would mean something.
func plainAllowed(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	followedByBlank := func(i int) bool { return i+1 >= len(s) || s[i+1] == ' ' }
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '?', ':', '-':
		if followedByBlank(0) {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case ':':
			if followedByBlank(i) {
				return false
			}
		case '#':
			if s[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

// isSurelyPlain accepts strings that yaml.v3 certainly writes unquoted:
// a letter first, then only letters, digits and a few punctuation marks
// that mean nothing in block context, no trailing space, and not one of
// the words YAML reads as booleans or null.
func isSurelyPlain(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	c := s[0]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == ' ', c == '_', c == '.', c == '/', c == '-', c == '@', c == ',', c == '(', c == ')', c == '+', c == '=':
		default:
			return false
		}
	}
	if s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	if len(s) <= 5 {
		switch strings.ToLower(s) {
		case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
			return false
		}
	}
	return true
}

// yamlKeyLess orders mapping keys as yaml.v3 does: runs of digits compare
// as numbers, letters before other characters.
func yamlKeyLess(a, b string) bool {
	return yamlKeyLessRunes([]rune(a), []rune(b))
}

// yamlKeyLessRunes is yamlKeyLess on the keys' runes.
func yamlKeyLessRunes(ar, br []rune) bool {
	digits := false
	for i := 0; i < len(ar) && i < len(br); i++ {
		if ar[i] == br[i] {
			digits = unicode.IsDigit(ar[i])
			continue
		}
		al := unicode.IsLetter(ar[i])
		bl := unicode.IsLetter(br[i])
		if al && bl {
			return ar[i] < br[i]
		}
		if al || bl {
			if digits {
				return al
			}
			return bl
		}
		var ai, bi int
		var an, bn int64
		if ar[i] == '0' || br[i] == '0' {
			for j := i - 1; j >= 0 && unicode.IsDigit(ar[j]); j-- {
				if ar[j] != '0' {
					an = 1
					bn = 1
					break
				}
			}
		}
		for ai = i; ai < len(ar) && unicode.IsDigit(ar[ai]); ai++ {
			an = an*10 + int64(ar[ai]-'0')
		}
		for bi = i; bi < len(br) && unicode.IsDigit(br[bi]); bi++ {
			bn = bn*10 + int64(br[bi]-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return ar[i] < br[i]
	}
	return len(ar) < len(br)
}
