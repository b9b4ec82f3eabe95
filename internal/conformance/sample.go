package conformance

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Sample makes a JSON value (maps, slices, float64, string, bool) that is
// valid under ref, deterministically for a seed and round (1, 2, 3, ...).
// Every round fills every property, optional or not (a property left out
// proves nothing about decoding it), makes every array non-empty (round n
// aims at n items, within minItems/maxItems), and takes a value of each
// enum; formats get a value of their syntax (date-time, date, email, uri,
// uuid, byte). Rounds differ where a client can break: round 1 picks the
// first enum value and small integers; later rounds pick other enum values,
// integers beyond 32 bits (unless the schema says int32 or a maximum) and
// numbers with a fraction. oneOf and anyOf take their first branch: the
// one Postman's converter writes into the collection's examples, so the
// only one a converted client can know. A schema reached again below
// itself stops the recursion: the property is left out.
func Sample(ref *openapi3.SchemaRef, seed uint64, round int) any {
	s := &sampler{rng: rand.New(rand.NewPCG(seed, uint64(round))), round: round, onPath: map[*openapi3.Schema]bool{}}
	v, ok := s.value(ref, 0)
	if !ok {
		return map[string]any{}
	}
	return v
}

type sampler struct {
	rng    *rand.Rand
	round  int
	onPath map[*openapi3.Schema]bool
}

const maxDepth = 24

// value returns false where the schema recurses into itself.
func (s *sampler) value(ref *openapi3.SchemaRef, depth int) (any, bool) {
	if ref == nil || ref.Value == nil {
		return map[string]any{}, true
	}
	sc := ref.Value
	if s.onPath[sc] || depth > maxDepth {
		return nil, false
	}
	s.onPath[sc] = true
	defer delete(s.onPath, sc)

	if enum := typedEnum(sc); len(enum) > 0 {
		i := 0
		if s.round > 1 {
			i = s.rng.IntN(len(enum))
		}
		return enum[i], true
	}
	var merged map[string]any
	mergeIn := func(v any) any {
		if m, ok := v.(map[string]any); ok {
			if merged == nil {
				merged = map[string]any{}
			}
			for k, e := range m {
				merged[k] = e
			}
			return merged
		}
		return v
	}
	var branch any
	for _, b := range sc.AllOf {
		if v, ok := s.value(b, depth+1); ok {
			branch = mergeIn(v)
		}
	}
	for _, first := range []openapi3.SchemaRefs{sc.OneOf, sc.AnyOf} {
		if len(first) > 0 {
			if v, ok := s.value(first[0], depth+1); ok {
				branch = mergeIn(v)
			}
		}
	}
	switch typ := SchemaType(&openapi3.SchemaRef{Value: sc}); {
	case typ == "object" || (typ == "" && len(sc.Properties) > 0):
		m := merged
		if m == nil {
			m = map[string]any{}
		}
		for _, name := range sortedKeys(sc.Properties) {
			p := sc.Properties[name]
			if p.Value != nil && p.Value.WriteOnly {
				continue
			}
			if v, ok := s.value(p, depth+1); ok {
				m[name] = v
			}
		}
		return m, true
	case typ == "array":
		return s.array(sc, depth), true
	case typ == "string":
		return s.str(sc), true
	case typ == "integer":
		return s.integer(sc), true
	case typ == "number":
		return s.number(sc), true
	case typ == "boolean":
		return s.round == 1 || s.rng.IntN(2) == 0, true
	case branch != nil:
		return branch, true
	default:
		// No type: any value is valid; an object is what Zoom's untyped
		// schemas describe.
		return map[string]any{}, true
	}
}

func (s *sampler) array(sc *openapi3.Schema, depth int) []any {
	n := s.round
	if n < int(sc.MinItems) {
		n = int(sc.MinItems)
	}
	if sc.MaxItems != nil && n > int(*sc.MaxItems) {
		n = int(*sc.MaxItems)
	}
	out := make([]any, 0, n)
	seen := map[string]bool{}
	for tries := 0; len(out) < n && tries < 4*n+4; tries++ {
		v, ok := s.value(sc.Items, depth+1)
		if !ok {
			break
		}
		if sc.UniqueItems {
			b, _ := json.Marshal(v)
			if seen[string(b)] {
				continue
			}
			seen[string(b)] = true
		}
		out = append(out, v)
	}
	return out
}

func (s *sampler) str(sc *openapi3.Schema) string {
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(s.rng.IntN(3000*24*3600)) * time.Second)
	var v string
	switch sc.Format {
	case "date-time":
		v = day.Format(time.RFC3339)
	case "date":
		v = day.Format(time.DateOnly)
	case "email":
		v = fmt.Sprintf("user%d@example.com", s.rng.IntN(10000))
	case "uri", "url":
		v = fmt.Sprintf("https://example.com/r/%d", s.rng.IntN(10000))
	case "uuid":
		v = fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", s.rng.Uint32(), s.rng.IntN(1<<16), s.rng.IntN(1<<12), s.rng.IntN(1<<12), s.rng.Uint64()&(1<<48-1))
	case "byte":
		v = "c2FtcGxl"
	default:
		v = fmt.Sprintf("s%x", s.rng.Uint32())
	}
	for uint64(len(v)) < sc.MinLength {
		v += "x"
	}
	if sc.MaxLength != nil && uint64(len(v)) > *sc.MaxLength {
		v = v[:*sc.MaxLength]
	}
	return v
}

// bounds are the inclusive limits a schema puts on a number, or lo, hi.
func bounds(sc *openapi3.Schema, lo, hi float64) (float64, float64) {
	if sc.Min != nil {
		lo = *sc.Min
		if sc.ExclusiveMin.IsTrue() {
			lo++
		}
		if hi < lo {
			hi = lo + 1000
		}
	}
	if sc.Max != nil {
		hi = *sc.Max
		if sc.ExclusiveMax.IsTrue() {
			hi--
		}
		if lo > hi {
			lo = hi - 1000
		}
	}
	return lo, hi
}

func (s *sampler) integer(sc *openapi3.Schema) float64 {
	lo, hi := 1.0, 100.0
	switch {
	case s.round == 2:
		hi = 100000
	case s.round >= 3 && sc.Format != "int32":
		lo, hi = 1e10, 1e10+1e6 // beyond 32 bits, like Zoom's meeting IDs
	case s.round >= 3:
		lo, hi = 1e6, math.MaxInt32
	}
	lo, hi = bounds(sc, lo, hi)
	lo, hi = math.Ceil(lo), math.Floor(hi)
	if hi <= lo {
		return lo
	}
	return lo + float64(s.rng.Int64N(int64(hi-lo)+1))
}

func (s *sampler) number(sc *openapi3.Schema) float64 {
	v := s.integer(sc)
	if s.round == 1 {
		return v
	}
	lo, hi := bounds(sc, math.Inf(-1), math.Inf(1))
	if f := v + 0.5; f >= lo && f <= hi {
		return f
	}
	if f := v - 0.5; f >= lo && f <= hi {
		return f
	}
	return v
}

// typedEnum is the schema's enum restricted to values of its type. Zoom
// declares some enums of numbers on string schemas ("type": "string",
// "enum": [1, 2]); no value satisfies both, and the type wins: such values
// are written as strings.
func typedEnum(sc *openapi3.Schema) []any {
	out := enumOfType(sc)
	if len(out) == 0 && SchemaType(&openapi3.SchemaRef{Value: sc}) == "string" {
		for _, e := range sc.Enum {
			out = append(out, fmt.Sprint(e))
		}
	}
	return out
}

// enumOfType is the schema's enum values that are of its type.
func enumOfType(sc *openapi3.Schema) []any {
	typ := SchemaType(&openapi3.SchemaRef{Value: sc})
	var out []any
	for _, e := range sc.Enum {
		ok := true
		switch typ {
		case "string":
			_, ok = e.(string)
		case "integer", "number":
			_, ok = e.(float64)
		case "boolean":
			_, ok = e.(bool)
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}
