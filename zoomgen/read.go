package zoomgen

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// The read stage: each source file is decoded once into a tree of items
// (pmDocument). A file that does not decode that way is decoded again
// item by item, so that the bad item and field are named and the others
// still read. Walking the tree gives the request items, each with what it
// inherits from the collection and its folders.

// collection is what the read stage gives: the document's title, version
// and description (from the first collection read), a tag per folder,
// and every request item in document order.
type collection struct {
	title, version, desc string
	tags                 map[string]string // tag (folder path) → folder description
	items                []item
	skipped              int // items that are neither, or not decodable
}

// item is one request item with what it inherits.
type item struct {
	ord       int      // position in the walk, for problems in document order
	loc       *Problem // location template for problems
	name      string
	folders   []string
	vars      map[string]string // {{variable}} values in effect
	auth      *pmAuth           // auth inherited from the collection and folders
	request   rawJSON
	responses []pmResponse
}

// scope is what an item inherits from the collection and its folders.
type scope struct {
	src     string
	vars    map[string]string
	auth    *pmAuth
	folders []string
}

// maxFolderDepth bounds folder nesting. In the fallback pass each level's
// items are decoded from their raw JSON, so unbounded nesting would cost
// time quadratic in the file size; no real collection comes near this
// depth.
const maxFolderDepth = 64

// read is the read stage: every source decoded and walked, in order.
func (c *run) read(sources []Source) *collection {
	w := &walker{run: c, col: &collection{tags: map[string]string{}}}
	for _, src := range sources {
		sc := scope{src: src.Name, vars: maps.Clone(c.opts.Variables)}
		if sc.vars == nil {
			sc.vars = map[string]string{}
		}
		if doc, err := decodeDocument(src.Data); err == nil {
			w.document(sc, doc)
		} else if doc := w.locate(sc, src.Data); doc != nil {
			w.document(sc, doc)
		}
	}
	return w.col
}

// decodeDocument decodes a whole file in one pass. It fails for any file
// the walk could not read as it is, so that the fallback pass names the
// problem.
func decodeDocument(data []byte) (*pmDocument, error) {
	var doc pmDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Collection != nil && doc.Info == nil && doc.Request == nil {
		doc = *doc.Collection
		doc.wrapped = true
	}
	if doc.Info != nil {
		if string(bytes.TrimSpace(doc.Info)) == "null" || json.Unmarshal(doc.Info, &doc.info) != nil {
			return nil, errors.New("info does not decode")
		}
	}
	return &doc, nil
}

// walker walks the item trees of the files of one Convert call.
type walker struct {
	*run
	col *collection
	ord int // items seen so far, across files
}

// next is the position of the next item (or file-level problem) in the
// walk.
func (w *walker) next() int {
	w.ord++
	return w.ord
}

// document reads a decoded file: a collection (info, then each top item)
// or a bare item or folder.
func (w *walker) document(sc scope, doc *pmDocument) {
	prefix := ""
	if doc.wrapped {
		prefix = "collection."
	}
	switch {
	case doc.Info != nil:
		if !w.readInfo(&sc, &Problem{Source: sc.src}, prefix, &doc.info, doc.Variable, doc.Auth) {
			return
		}
		for i := range doc.Item {
			w.visit(sc, &doc.Item[i], fmt.Sprintf("%sitem[%d]", prefix, i))
		}
	case doc.Request != nil || doc.Item != nil || doc.broken != "":
		w.visit(sc, &doc.pmTree, strings.TrimSuffix(prefix, "."))
	default:
		w.log.fail(w.next(), &Problem{Source: sc.src}, "", "not a Postman collection, folder or item: it has none of info, item or request")
	}
}

// readInfo checks the collection's schema and takes its title, version,
// variables and auth. It reports whether the items can be read.
func (w *walker) readInfo(sc *scope, loc *Problem, prefix string, info *pmInfo, vars []pmVariable, authRaw rawJSON) bool {
	ord := w.next()
	if info.Schema != schemaV20 && info.Schema != schemaV21 {
		w.log.fail(ord, loc, prefix+"info.schema", "unknown collection schema %q (want Postman v2.0.0 or v2.1.0)", info.Schema)
		return false
	}
	if w.col.title == "" {
		w.col.title = info.Name
		if d, err := text(info.Description); err == nil {
			w.col.desc = d
		}
		if v, err := scalarString(info.Version); err == nil {
			w.col.version = v
		}
	}
	for i, v := range vars {
		if v.Disabled {
			continue
		}
		val, err := scalarString(v.Value)
		if err != nil {
			w.log.warn(ord, loc, fmt.Sprintf("%svariable[%d].value", prefix, i), "%v", err)
			continue
		}
		sc.vars[v.name()] = val
	}
	auth, err := decodeAuth(authRaw)
	if err != nil {
		w.log.fail(ord, loc, prefix+"auth", "%v", err)
	}
	sc.auth = auth
	return true
}

// visit reads one item at JSON path path: a request, which joins the
// collection's items, or a folder, whose children are read with the
// folder's scope.
func (w *walker) visit(sc scope, it *pmTree, path string) {
	ord := w.next()
	if it.broken != "" {
		w.log.warn(ord, &Problem{Source: sc.src, Item: path}, "", "not a Postman item (%s); it is skipped", it.broken)
		w.col.skipped++
		return
	}
	loc := &Problem{Source: sc.src, Item: path, Name: it.Name}
	auth, err := decodeAuth(it.Auth)
	if err != nil {
		w.log.warn(ord, loc, "auth", "%v; the item inherits its folder's auth", err)
	} else if auth != nil {
		sc.auth = auth
	}
	if len(bytes.TrimSpace(it.Request)) != 0 && string(bytes.TrimSpace(it.Request)) != "null" {
		w.col.items = append(w.col.items, item{ord: ord, loc: loc, name: it.Name, folders: sc.folders, vars: sc.vars, auth: sc.auth, request: it.Request, responses: it.Response})
		return
	}
	if it.Item == nil {
		w.log.warn(ord, loc, "", "item has neither request nor item: it is not a request or a folder; it is skipped")
		w.col.skipped++
		return
	}
	if len(sc.folders) >= maxFolderDepth {
		w.log.warn(ord, loc, "item", "folders are nested more than %d levels deep; the folder is skipped", maxFolderDepth)
		w.col.skipped++
		return
	}
	sc.folders = append(append([]string(nil), sc.folders...), cleanText(it.Name))
	tag := folderTag(sc.folders)
	desc, err := text(it.Description)
	if err != nil {
		w.log.warn(ord, loc, "description", "%v; the folder's tag has no description", err)
	}
	if old, seen := w.col.tags[tag]; !seen || (old == "" && desc != "") {
		w.col.tags[tag] = strings.TrimSpace(desc)
	}
	for i := range it.Item {
		w.visit(sc, &it.Item[i], fmt.Sprintf("%s.item[%d]", path, i))
	}
}

// folderTag names the tag of a folder by its whole folder path, so that
// two sub-folders with the same name in different parents stay apart.
func folderTag(folders []string) string {
	parts := make([]string, len(folders))
	for i, f := range folders {
		parts[i] = strings.TrimSpace(f)
		if parts[i] == "" {
			parts[i] = "(unnamed folder)"
		}
	}
	return strings.Join(parts, " / ")
}

// locate is the fallback pass for a file that decodeDocument refused: it
// decodes the file level by level and item by item, reports what does not
// decode with its place, and returns the tree of what does (nil if
// nothing can be read).
func (w *walker) locate(sc scope, data []byte) *pmDocument {
	loc := &Problem{Source: sc.src}
	if problem := syntaxProblem(data); problem != "" {
		w.log.fail(w.next(), loc, "", "not a JSON object: %s", problem)
		return nil
	}
	var top map[string]rawJSON
	if err := json.Unmarshal(data, &top); err != nil {
		w.log.fail(w.next(), loc, "", "not a JSON object: %s", jsonProblem(err))
		return nil
	}
	doc := &pmDocument{}
	prefix := ""
	if wrapped, ok := top["collection"]; ok && top["info"] == nil && top["request"] == nil {
		top = nil
		if err := json.Unmarshal(wrapped, &top); err != nil {
			w.log.fail(w.next(), loc, "collection", "must be a JSON object: %s", jsonProblem(err))
			return nil
		}
		data, prefix, doc.wrapped = wrapped, "collection.", true
	}
	switch {
	case top["info"] != nil:
		var col pmCollection
		if err := json.Unmarshal(data, &col); err != nil {
			w.log.fail(w.next(), loc, strings.TrimSuffix(prefix, "."), "not a Postman collection: %s", jsonProblem(err))
			return nil
		}
		if col.Info == nil {
			w.log.fail(w.next(), loc, prefix+"info", "must be an object")
			return nil
		}
		doc.Info, doc.info, doc.Auth, doc.Variable = top["info"], *col.Info, col.Auth, col.Variable
		doc.Item = locateItems(col.Item, 0)
		return doc
	case top["request"] != nil || top["item"] != nil:
		doc.pmTree = locateItem(data, 0)
		return doc
	}
	w.log.fail(w.next(), loc, "", "not a Postman collection, folder or item: it has none of info, item or request")
	return nil
}

// locateItems decodes a list of raw items; those that do not decode keep
// their place, marked broken, so that the walk reports them in document
// order and the others keep their paths.
func locateItems(raws []rawJSON, depth int) []pmTree {
	if raws == nil {
		return nil
	}
	out := make([]pmTree, len(raws))
	for i, raw := range raws {
		out[i] = locateItem(raw, depth)
	}
	return out
}

// locateItem decodes one item and, below it, its children. Below
// maxFolderDepth the children are not decoded: the walk refuses the
// folder there anyway.
func locateItem(raw rawJSON, depth int) pmTree {
	var it pmItem
	if err := json.Unmarshal(raw, &it); err != nil {
		return pmTree{broken: jsonProblem(err)}
	}
	t := pmTree{pmItemBase: it.pmItemBase}
	if it.Item != nil {
		t.Item = []pmTree{}
		if depth <= maxFolderDepth {
			t.Item = locateItems(it.Item, depth+1)
		}
	}
	return t
}

// jsonProblem says what the JSON decoder found wrong in Postman's terms:
// the JSON field and the kind of value, not the converter's Go types.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		var parts []string
		for _, f := range strings.Split(te.Field, ".") {
			// Embedded Go structs of the converter appear in the path.
			if f != "" && !strings.HasPrefix(f, "pm") {
				parts = append(parts, f)
			}
		}
		want := "another kind of value"
		switch te.Type.Kind() {
		case reflect.String:
			want = "a string"
		case reflect.Slice, reflect.Array:
			want = "a list"
		case reflect.Map, reflect.Struct, reflect.Pointer:
			want = "an object"
		case reflect.Int, reflect.Int64, reflect.Float64:
			want = "a number"
		case reflect.Bool:
			want = "true or false"
		}
		if len(parts) == 0 {
			return fmt.Sprintf("it is a JSON %s, not %s", te.Value, want)
		}
		return fmt.Sprintf("%s must be %s, not a JSON %s", strings.Join(parts, "."), want, te.Value)
	}
	return err.Error()
}

// syntaxProblem describes what makes data not JSON, with its line and
// column, or is empty if data is JSON. The wording is encoding/json's
// scanner's, which the problems have always quoted; the decoder the
// converter reads with words a few errors differently (nesting too deep).
func syntaxProblem(data []byte) string {
	// A RawMessage takes any JSON value, so the only error is a syntax
	// error, found in one scan.
	var raw stdjson.RawMessage
	err := stdjson.Unmarshal(data, &raw)
	if err == nil {
		return ""
	}
	var se *stdjson.SyntaxError
	if !errors.As(err, &se) || se.Offset > int64(len(data)) {
		return err.Error()
	}
	before := data[:se.Offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(se.Offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%v (line %d, column %d)", err, line, col)
}
