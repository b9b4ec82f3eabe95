package zoomgen_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

// The tests in this file pin one conversion rule each, on inputs small
// enough to read next to the assertion. The corpus in testdata covers the
// same rules in whole collections, through the golden files.

const v21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

// collection wraps items (JSON) in a v2.1 collection with a base URL.
func collection(extra, items string) string {
	if extra != "" {
		extra += ", "
	}
	return `{"info": {"name": "t", "schema": "` + v21 + `"}, ` + extra + `"variable": [{"key": "baseUrl", "value": "https://api.example.com"}], "item": [` + items + `]}`
}

func convert(t *testing.T, opts zoomgen.Options, input string) *zoomgen.Result {
	t.Helper()
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "t.json", Data: []byte(input)}}, opts)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return res
}

func op(t *testing.T, doc *openapi3.T, method, path string) *openapi3.Operation {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("no %s %s; paths: %v", method, path, doc.Paths.InMatchingOrder())
	}
	return item.GetOperation(method)
}

func types(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil || s.Value.Type == nil {
		return ""
	}
	return strings.Join(s.Value.Type.Slice(), ",")
}

func TestFoldersBecomeTags(t *testing.T) {
	t.Parallel()
	in := collection("", `{"name": "Users", "description": "People.", "item": [
		{"name": "Admin", "description": {"content": "Admins.", "type": "text/plain"}, "item": [
			{"name": "List", "request": {"method": "GET", "url": "{{baseUrl}}/users"}}]},
		{"name": "Get", "request": {"method": "GET", "url": "{{baseUrl}}/users/:id"}}]},
		{"name": "Top", "request": {"method": "GET", "url": "{{baseUrl}}/top"}}`)
	doc := convert(t, zoomgen.Options{}, in).Doc
	if got := op(t, doc, "GET", "/users").Tags; !reflect.DeepEqual(got, []string{"Users / Admin"}) {
		t.Errorf("nested folder tags = %v", got)
	}
	if got := op(t, doc, "GET", "/users/{id}").Tags; !reflect.DeepEqual(got, []string{"Users"}) {
		t.Errorf("folder tags = %v", got)
	}
	if got := op(t, doc, "GET", "/top").Tags; got != nil {
		t.Errorf("top-level request tags = %v, want none", got)
	}
	want := openapi3.Tags{{Name: "Users", Description: "People."}, {Name: "Users / Admin", Description: "Admins."}}
	if !reflect.DeepEqual(doc.Tags, want) {
		t.Errorf("document tags = %+v, want %+v", doc.Tags, want)
	}
}

func TestBodyModes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		want       map[string]string // media type → schema type ("ref" for a component)
	}{
		{"raw json", `{"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}}`, map[string]string{"application/json": "ref"}},
		{"raw json without options", `{"mode": "raw", "raw": "[1, 2]"}`, map[string]string{"application/json": "array"}},
		{"raw xml", `{"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}`, map[string]string{"application/xml": "string"}},
		{"raw text", `{"mode": "raw", "raw": "hello"}`, map[string]string{"text/plain": "string"}},
		{"raw json that does not parse", `{"mode": "raw", "raw": "{oops", "options": {"raw": {"language": "json"}}}`, map[string]string{"text/plain": "string"}},
		{"urlencoded", `{"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]}`, map[string]string{"application/x-www-form-urlencoded": "ref"}},
		{"formdata", `{"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "x"}, {"key": "j", "value": "{\"x\": 1}", "type": "text"}]}`, map[string]string{"multipart/form-data": "ref"}},
		{"graphql", `{"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": ""}}`, map[string]string{"application/json": "ref"}},
		{"file", `{"mode": "file", "file": {"src": "a.bin"}}`, map[string]string{"application/octet-stream": "string"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := convert(t, zoomgen.Options{}, collection("", `{"name": "Send", "request": {"method": "POST", "url": "{{baseUrl}}/x", "body": `+tc.body+`}}`)).Doc
			rb := op(t, doc, "POST", "/x").RequestBody
			if rb == nil {
				t.Fatal("no request body")
			}
			got := map[string]string{}
			for ct, mt := range rb.Value.Content {
				if mt.Schema.Ref != "" {
					got[ct] = "ref"
				} else {
					got[ct] = types(mt.Schema)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("content = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFormFields(t *testing.T) {
	t.Parallel()
	body := `{"mode": "formdata", "formdata": [
		{"key": "pic", "type": "file", "src": "a.png", "description": "(Required) The picture."},
		{"key": "meta", "type": "text", "value": "{\"w\": 1}"},
		{"key": "kind", "type": "text", "value": "small", "description": "(Required) Size. (This can only be one of small,large)"},
		{"key": "level", "type": "text", "value": "2", "description": "(This can only be one of 1,2,3)"},
		{"key": "off", "type": "text", "value": "1", "disabled": true}]}`
	doc := convert(t, zoomgen.Options{}, collection("", `{"name": "Upload", "request": {"method": "POST", "url": "{{baseUrl}}/x", "body": `+body+`}}`)).Doc
	mt := op(t, doc, "POST", "/x").RequestBody.Value.Content.Get("multipart/form-data")
	s := mt.Schema.Value
	if !reflect.DeepEqual(s.Required, []string{"kind", "pic"}) {
		t.Errorf("required = %v, want [kind pic]", s.Required)
	}
	if p := s.Properties["pic"].Value; !p.Type.Is("string") || p.Format != "binary" || p.Description != "The picture." {
		t.Errorf("file field = %+v", p)
	}
	if got := s.Properties["meta"]; got.Ref == "" || mt.Encoding["meta"].ContentType != "application/json" {
		t.Errorf("JSON-valued field: ref %q, encoding %+v", got.Ref, mt.Encoding["meta"])
	}
	if p := s.Properties["kind"].Value; !reflect.DeepEqual(p.Enum, []any{"small", "large"}) || p.Description != "Size." {
		t.Errorf("kind enum = %v, description %q", p.Enum, p.Description)
	}
	if p := s.Properties["level"].Value; !p.Type.Is("integer") || !reflect.DeepEqual(p.Enum, []any{int64(1), int64(2), int64(3)}) {
		t.Errorf("level = %v %v, want an integer enum", p.Type, p.Enum)
	}
	if _, ok := s.Properties["off"]; ok {
		t.Error("a disabled field was converted")
	}
	if mt.Example != nil {
		t.Errorf("example %v: a file field has no value, so no example can hold the required pic", mt.Example)
	}
}

func TestParameterTypes(t *testing.T) {
	t.Parallel()
	url := `{"raw": "{{baseUrl}}/m/:id", "host": ["{{baseUrl}}"], "path": ["m", ":id"],
		"variable": [{"key": "id", "value": "85746065432", "description": "(Required) Meeting ID."}],
		"query": [{"key": "n", "value": "30"}, {"key": "on", "value": "true"}, {"key": "r", "value": "0.5"}, {"key": "zip", "value": "01234"},
			{"key": "s", "value": "approved", "description": "(Required) Status. (This can only be one of approved,pending)"},
			{"key": "size", "value": "30", "description": "(This can only be one of 30,300)"},
			{"key": "placeholder", "value": "<integer>"}, {"key": "gone", "value": "1", "disabled": true}]}`
	headers := `[{"key": "Content-Type", "value": "application/json"}, {"key": "Accept", "value": "*/*"}, {"key": "X-Count", "value": "7", "description": "(Required) A count."}]`
	doc := convert(t, zoomgen.Options{}, collection("", `{"name": "Get", "request": {"method": "GET", "url": `+url+`, "header": `+headers+`}}`)).Doc
	o := op(t, doc, "GET", "/m/{id}")
	for _, tc := range []struct {
		in, name, typ, format string
		required              bool
		enum                  []any
	}{
		{"path", "id", "integer", "int64", true, nil},
		{"query", "n", "integer", "", false, nil},
		{"query", "on", "boolean", "", false, nil},
		{"query", "r", "number", "", false, nil},
		{"query", "zip", "string", "", false, nil},
		{"query", "s", "string", "", true, []any{"approved", "pending"}},
		{"query", "size", "integer", "", false, []any{int64(30), int64(300)}},
		{"query", "placeholder", "integer", "", false, nil},
		{"header", "X-Count", "integer", "", true, nil},
	} {
		p := o.Parameters.GetByInAndName(tc.in, tc.name)
		if p == nil {
			t.Errorf("no %s parameter %s", tc.in, tc.name)
			continue
		}
		if got := types(p.Schema); got != tc.typ || p.Schema.Value.Format != tc.format || p.Required != tc.required || !reflect.DeepEqual(p.Schema.Value.Enum, tc.enum) {
			t.Errorf("%s %s: type %s format %q required %v enum %v; want %s %q %v %v", tc.in, tc.name, got, p.Schema.Value.Format, p.Required, p.Schema.Value.Enum, tc.typ, tc.format, tc.required, tc.enum)
		}
	}
	for _, name := range []string{"Content-Type", "Accept", "gone"} {
		for _, p := range o.Parameters {
			if strings.EqualFold(p.Value.Name, name) {
				t.Errorf("parameter %s should not exist", name)
			}
		}
	}
}

func TestAuth(t *testing.T) {
	t.Parallel()
	in := `{"info": {"name": "t", "schema": "` + v21 + `"},
		"auth": {"type": "oauth2", "oauth2": [{"key": "authUrl", "value": "https://a.example/authorize"}, {"key": "accessTokenUrl", "value": "https://a.example/token"}]},
		"item": [
		{"name": "Inherit", "request": {"method": "GET", "url": "https://x.example/inherit", "description": "**Scopes:** ` + "`a:read`" + `"}},
		{"name": "Folder", "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]}, "item": [
			{"name": "From folder", "request": {"method": "GET", "url": "https://x.example/folder"}},
			{"name": "No auth", "request": {"method": "GET", "url": "https://x.example/none", "auth": {"type": "noauth"}}}]},
		{"name": "Basic", "request": {"method": "GET", "url": "https://x.example/basic", "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}]}}},
		{"name": "Key in query", "request": {"method": "GET", "url": "https://x.example/kq", "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "api_key"}, {"key": "in", "value": "query"}]}}},
		{"name": "Key in header", "request": {"method": "GET", "url": "https://x.example/kh", "auth": {"type": "apikey", "apikey": {"key": "X-Key", "in": "header"}}}},
		{"name": "OAuth1", "request": {"method": "GET", "url": "https://x.example/o1", "auth": {"type": "oauth1"}}},
		{"name": "Hawk", "request": {"method": "GET", "url": "https://x.example/hawk", "auth": {"type": "hawk"}}},
		{"name": "Digest", "request": {"method": "GET", "url": "https://x.example/digest", "auth": {"type": "digest"}}},
		{"name": "AWS", "request": {"method": "GET", "url": "https://x.example/aws", "auth": {"type": "awsv4"}}},
		{"name": "NTLM", "request": {"method": "GET", "url": "https://x.example/ntlm", "auth": {"type": "ntlm"}}}]}`
	res := convert(t, zoomgen.Options{}, in)
	doc := res.Doc
	for path, want := range map[string]string{
		"/inherit": "oauth2:a:read", "/folder": "bearerAuth:", "/none": "", "/basic": "basicAuth:",
		"/kq": "apiKeyQueryApiKey:", "/kh": "apiKeyHeaderXKey:",
	} {
		sec := op(t, doc, "GET", path).Security
		if sec == nil {
			t.Errorf("%s: no security", path)
			continue
		}
		var got []string
		for _, req := range *sec {
			for name, scopes := range req {
				got = append(got, name+":"+strings.Join(scopes, ","))
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: security %v, want %q", path, got, want)
		}
	}
	if got := keys(doc.Components.SecuritySchemes); !reflect.DeepEqual(got, []string{"apiKeyHeaderXKey", "apiKeyQueryApiKey", "basicAuth", "bearerAuth", "oauth2"}) {
		t.Errorf("schemes = %v: no scheme may be invented for oauth1, hawk, digest, aws or ntlm", got)
	}
	if s := doc.Components.SecuritySchemes["apiKeyQueryApiKey"].Value; s.In != "query" || s.Name != "api_key" {
		t.Errorf("apikey scheme = %+v", s)
	}
	var warned []string
	for _, w := range res.Warnings {
		warned = append(warned, w.Name)
	}
	if !reflect.DeepEqual(warned, []string{"OAuth1", "Hawk", "Digest", "AWS", "NTLM"}) {
		t.Errorf("warnings for %v, want one per unsupported auth type", warned)
	}
}

func TestServers(t *testing.T) {
	t.Parallel()
	in := `{"info": {"name": "t", "schema": "` + v21 + `"},
		"variable": [{"key": "base url", "value": "https://api.example.com/v2/"}, {"key": "tenant", "value": "acme"}, {"key": "region", "value": "eu"}],
		"item": [
		{"name": "A", "request": {"method": "GET", "url": "{{ base url }}/a"}},
		{"name": "B", "request": {"method": "GET", "url": "{{base url}}/b"}},
		{"name": "Tenant", "request": {"method": "GET", "url": {"protocol": "https", "host": ["{{tenant}}", "{{region}}", "example", "com"], "path": ["t"]}}},
		{"name": "Unknown", "request": {"method": "GET", "url": "{{nowhere}}/u"}}]}`
	res := convert(t, zoomgen.Options{}, in)
	doc := res.Doc
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.example.com/v2" {
		t.Errorf("servers = %v, want the most used, resolved, without its trailing slash", doc.Servers)
	}
	srv := op(t, doc, "GET", "/t").Servers
	if srv == nil || len(*srv) != 1 || (*srv)[0].URL != "https://{tenant}.{region}.example.com" {
		t.Fatalf("tenant servers = %v", srv)
	}
	if v := (*srv)[0].Variables; v["tenant"].Default != "acme" || v["region"].Default != "eu" {
		t.Errorf("server variables = %+v", v)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), `"Unknown": request.url.host: variable {{nowhere}} has no value`) {
		t.Errorf("warnings = %v", res.Warnings)
	}
	for _, s := range doc.Servers {
		if strings.Contains(s.URL, "{{") {
			t.Errorf("unresolved variable in server %s", s.URL)
		}
	}
}

func TestResponsesMerge(t *testing.T) {
	t.Parallel()
	in := collection("", `{"name": "List", "request": {"method": "GET", "url": "{{baseUrl}}/l"}, "response": [
		{"name": "One", "code": 200, "header": [{"key": "X-Remaining", "value": "9"}, {"key": "Content-Type", "value": "application/json"}, {"key": "Date", "value": "x"}],
		 "body": "{\"a\": 1, \"b\": \"x\", \"c\": null}"},
		{"name": "Two", "code": 200, "header": [{"key": "x-remaining", "value": "0"}, {"key": "X-Id", "value": "abc"}],
		 "body": "{\"a\": 2.5, \"c\": \"y\", \"d\": true}"},
		{"name": "Bad JSON", "code": 500, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{oops"},
		{"name": "HTML", "code": 502, "header": [{"key": "Content-Type", "value": "text/html; charset=utf-8"}], "body": "<html>bad gateway</html>"}]}`)
	res := convert(t, zoomgen.Options{}, in)
	o := op(t, res.Doc, "GET", "/l")
	ok := o.Responses.Status(200).Value
	s := ok.Content.Get("application/json").Schema.Value
	for prop, want := range map[string]string{"a": "number", "b": "string", "c": "string", "d": "boolean"} {
		if got := types(s.Properties[prop]); got != want {
			t.Errorf("%s: type %s, want %s", prop, got, want)
		}
	}
	if !s.Properties["c"].Value.Nullable {
		t.Error("c is null in one example: it must be nullable")
	}
	if len(s.Required) != 0 {
		t.Errorf("required = %v: b and d are each missing from one example", s.Required)
	}
	if got := keys(ok.Headers); !reflect.DeepEqual(got, []string{"X-Id", "X-Remaining"}) {
		t.Errorf("headers = %v (Content-Type and Date describe the body and the transport)", got)
	}
	if got := types(ok.Headers["X-Remaining"].Value.Schema); got != "integer" {
		t.Errorf("X-Remaining type %s", got)
	}
	if mt := o.Responses.Status(500).Value.Content.Get("text/plain"); mt == nil || mt.Example != "{oops" {
		t.Error("invalid JSON example not kept as a text example")
	}
	if mt := o.Responses.Status(502).Value.Content.Get("text/html"); mt == nil || mt.Example != "<html>bad gateway</html>" {
		t.Error("HTML example not kept")
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Field != "response[2].body" {
		t.Errorf("warnings = %v, want one for the invalid JSON example", res.Warnings)
	}
}

func TestNoSpuriousOutput(t *testing.T) {
	t.Parallel()
	in := collection("", `{"name": "Get", "request": {"method": "GET", "url": "{{baseUrl}}/g/:id", "body": {}, "header": [{"key": "Accept", "value": "application/json"}],
			"url": {"host": ["{{baseUrl}}"], "path": ["g", ":id"], "variable": [{"key": "id", "value": "7"}]}}},
		{"name": "Delete", "request": {"method": "DELETE", "url": "{{baseUrl}}/g/:id", "body": {"mode": "raw", "raw": ""}}},
		{"name": "Empty form", "request": {"method": "GET", "url": "{{baseUrl}}/f", "body": {"mode": "formdata", "formdata": []}}},
		{"name": "Post", "request": {"method": "POST", "url": "{{baseUrl}}/p", "body": {"mode": "raw", "raw": "{\"n\": 12345678901}"}}, "response": [{"name": "ok", "code": 201, "body": "{\"id\": 5}"}]}`)
	doc := convert(t, zoomgen.ZoomOptions(), in).Doc
	for _, mp := range [][2]string{{"GET", "/g/{id}"}, {"DELETE", "/g/{id}"}, {"GET", "/f"}} {
		o := op(t, doc, mp[0], mp[1])
		if o.RequestBody != nil {
			t.Errorf("%s %s has a request body", mp[0], mp[1])
		}
		if o.Responses.Status(200) != nil {
			t.Errorf("%s %s has an invented 200 response", mp[0], mp[1])
		}
		if o.Responses.Default() == nil {
			t.Errorf("%s %s has no default response saying none was documented", mp[0], mp[1])
		}
	}
	o := op(t, doc, "POST", "/p")
	if o.Responses.Status(200) != nil || o.Responses.Status(201) == nil {
		t.Error("responses must be exactly the documented 201")
	}
	ex := o.RequestBody.Value.Content.Get("application/json")
	if err := ex.Schema.Value.VisitJSON(zoomgen.PlainJSON(ex.Example)); err != nil {
		t.Errorf("request example does not fit its schema: %v", err)
	}
	for _, s := range doc.Servers {
		if strings.Contains(s.URL, "{{") {
			t.Errorf("server %s", s.URL)
		}
	}
}

func TestScopeAndRateLimitSpellings(t *testing.T) {
	t.Parallel()
	for _, desc := range []string{
		"**Scopes:** `a:read`, `a:write`<br>**[Rate Limit Label](https://x):** `Heavy`",
		"**Scope:** `a:read` `a:write`\n**Rate Limit Label:** `Heavy`",
		"**Scopes** `a:read`, `a:write`\n\n**Rate Limit Label**: `Heavy`",
		"**Scope**: `a:read`, `a:write`<br>**rate limit label:** `Heavy`",
	} {
		in := `{"name": "X", "request": {"method": "GET", "url": "https://x.example/x", "auth": {"type": "oauth2"}, "description": ` + quote(desc) + `}}`
		doc := convert(t, zoomgen.ZoomOptions(), in).Doc
		o := op(t, doc, "GET", "/x")
		if got := (*o.Security)[0]["oauth2"]; !reflect.DeepEqual(got, []string{"a:read", "a:write"}) {
			t.Errorf("%q: scopes %v", desc, got)
		}
		if got := o.Extensions[zoomgen.ExtRateLimitLabel]; got != "Heavy" {
			t.Errorf("%q: rate-limit label %v", desc, got)
		}
	}
}

func TestStringFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		values []string
		want   string
	}{
		{[]string{"a@example.com", "b.c@example.org"}, "email"},
		{[]string{"a@example.com", "Bob <b@example.com>"}, ""},
		{[]string{"2022-03-22T05:59:09Z", "2023-01-01T00:00:00+01:00"}, "date-time"},
		{[]string{"2022-03-22T05:59:09Z", "2022-03-22"}, ""},
		{[]string{"https://zoom.us/j/1", "http://example.com"}, "uri"},
		{[]string{"https://zoom.us/j/1", " https://zoom.us/j/2"}, ""},
		{[]string{"plain"}, ""},
	} {
		var s *openapi3.Schema
		for _, v := range tc.values {
			s = zoomgen.MergeSchemas(s, zoomgen.InferSchemaWithFormats(v))
		}
		if s.Format != tc.want {
			t.Errorf("%q: format %q, want %q", tc.values, s.Format, tc.want)
		}
		if zoomgen.InferSchema(tc.values[0]).Format != "" {
			t.Errorf("InferSchema(%q) gave a format; only InferSchemaWithFormats may", tc.values[0])
		}
	}
}

func TestRealFileShapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, input, method, path string
		warn                      string
	}{
		{"URL object without raw", `{"name": "X", "request": {"method": "GET", "url": {"host": ["{{baseUrl}}"], "path": ["a", ":b"]}}}`, "GET", "/a/{b}", ""},
		{"v2.0 string URL", `{"name": "X", "request": "https://x.example/s?q=1"}`, "GET", "/s", ""},
		{"description object", `{"name": "X", "request": {"method": "GET", "url": "https://x.example/d", "description": {"content": "d", "type": "text/plain"}}}`, "GET", "/d", ""},
		{"API wrapper", `{"collection": {"info": {"name": "w", "schema": "` + v21 + `"}, "item": [{"name": "X", "request": {"method": "GET", "url": "https://x.example/w"}}]}}`, "GET", "/w", ""},
		{"variable with spaces", `{"info": {"name": "w", "schema": "` + v21 + `"}, "variable": [{"key": "my host", "value": "https://h.example"}], "item": [{"name": "X", "request": {"method": "GET", "url": "{{ my host }}/v"}}]}`, "GET", "/v", ""},
		{"HEAD", `{"name": "X", "request": {"method": "HEAD", "url": "https://x.example/h"}}`, "HEAD", "/h", ""},
		{"single folder", `{"name": "Meetings", "description": "A folder exported alone.", "item": [{"name": "X", "request": {"method": "GET", "url": "https://x.example/f"}}]}`, "GET", "/f", ""},
		{"lower-case method", `{"name": "X", "request": {"method": "patch", "url": "https://x.example/p"}}`, "PATCH", "/p", ""},
		{"custom method", `{"info": {"name": "w", "schema": "` + v21 + `"}, "item": [{"name": "Ok", "request": {"method": "GET", "url": "https://x.example/c"}}, {"name": "X", "request": {"method": "PURGE", "url": "https://x.example/c"}}]}`, "GET", "/c", `"X": request.method: method "PURGE" has no OpenAPI 3.0 equivalent`},
		{"invalid JSON example", `{"name": "X", "request": {"method": "GET", "url": "https://x.example/j"}, "response": [{"name": "ok", "code": 200, "body": "{\"a\": }"}]}`, "GET", "/j", `"X": response[0].body: example body is not valid JSON`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, zoomgen.ZoomOptions(), tc.input)
			op(t, res.Doc, tc.method, tc.path)
			var ws []string
			for _, w := range res.Warnings {
				ws = append(ws, w.Error())
			}
			if got := strings.Join(ws, "\n"); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want %q", got, tc.warn)
			}
		})
	}
}

func TestSummaryCounts(t *testing.T) {
	t.Parallel()
	in := collection("", `{"name": "A", "request": {"method": "GET", "url": "{{baseUrl}}/a"}}, {"name": "F", "item": [
		{"name": "B", "request": {"method": "POST", "url": "{{baseUrl}}/a"}}, {"name": "C", "request": {"method": "LINK", "url": "{{baseUrl}}/a"}}]}`)
	res := convert(t, zoomgen.Options{}, in)
	if res.Requests != 3 || res.Operations != 2 || len(res.Warnings) != 1 {
		t.Errorf("requests %d, operations %d, warnings %d; want 3, 2, 1 (the LINK request is read, reported, not written)", res.Requests, res.Operations, len(res.Warnings))
	}
}

func TestProblemLocations(t *testing.T) {
	t.Parallel()
	folder := func(depth int, inner string) string {
		for i := 0; i < depth; i++ {
			inner = `{"name": "F` + string(rune('0'+i)) + `", "item": [` + inner + `]}`
		}
		return inner
	}
	filler := `{"name": "Other", "request": {"method": "GET", "url": "https://x.example/o"}}`
	bad := `{"name": "Perform batch registration", "request": {"method": "POST", "url": "https://x.example/b", "body": {"mode": "formdata", "formdata": [{"key": "a", "value": "1"}, {"key": "registrants", "value": "[{", "contentType": "application/json"}]}}}`
	in := `{"info": {"name": "t", "schema": "` + v21 + `"}, "item": [` + filler + `, ` + filler + `, ` + filler + `, {"name": "Meetings", "item": [` +
		strings.Repeat(`{"name": "x", "item": []}, `, 7) + bad + `]}, ` + folder(1, `{"name": "Dup", "request": {"method": "GET", "url": "https://x.example/o"}}`) + `]}`
	_, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "c.json", Data: []byte(in)}}, zoomgen.Options{Strict: true})
	want := `c.json: item[3].item[7] "Perform batch registration": request.body.formdata[1].value: field "registrants" is declared application/json but its value is not JSON (unexpected EOF); the field is left out`
	if err == nil || !slices.Contains(strings.Split(err.Error(), "\n"), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func quote(s string) string {
	b := strings.Builder{}
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestReorderingKeepsNames reverses every folder of a collection: the
// operationIds and schema names, which become Go identifiers, must not
// change; only x-postman-item, which records positions, may.
func TestReorderingKeepsNames(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"testdata/features_v21.postman.json", "testdata/hostile_names.postman.json", "testdata/openapi_converter_shapes.postman.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var col map[string]any
		if err := json.Unmarshal(data, &col); err != nil {
			t.Fatal(err)
		}
		var reverse func(v any)
		reverse = func(v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			if inner, ok := m["collection"]; ok {
				reverse(inner)
			}
			if items, ok := m["item"].([]any); ok {
				slices.Reverse(items)
				for _, it := range items {
					reverse(it)
				}
			}
		}
		reverse(col)
		reordered, _ := json.Marshal(col)
		names := func(data []byte) (ids, schemas []string) {
			res := convert(t, zoomgen.ZoomOptions(), string(data))
			for path, item := range res.Doc.Paths.Map() {
				for m, op := range item.Operations() {
					ids = append(ids, m+" "+path+" "+op.OperationID)
				}
			}
			for name, s := range res.Doc.Components.Schemas {
				js, _ := json.Marshal(s.Value)
				schemas = append(schemas, name+" "+string(js))
			}
			slices.Sort(ids)
			slices.Sort(schemas)
			return ids, schemas
		}
		ids1, sch1 := names(data)
		ids2, sch2 := names(reordered)
		if !reflect.DeepEqual(ids1, ids2) {
			t.Errorf("%s: reordering changed operationIds:\n%v\n%v", f, ids1, ids2)
		}
		if !reflect.DeepEqual(sch1, sch2) {
			t.Errorf("%s: reordering changed schemas", f)
		}
	}
}

// TestMergeAcceptsEveryExample: whatever the order of the examples, the
// merged schema accepts each of them (a null after a conflict once made
// [1, "a", null, 2] a nullable integer).
func TestMergeAcceptsEveryExample(t *testing.T) {
	t.Parallel()
	for _, js := range []string{
		`[1, "a", null, 2]`, `[null, 1, "a"]`, `["a", 1, null]`, `[[], [null], ["a"], [1]]`,
		`[{"x": 1}, {"x": "a"}, {"x": null}, {"x": 2}]`, `[1, 2.5, null, 3]`, `[12345678901, 1]`,
		`[{"e": "a@example.com"}, {"e": null}, {"e": "b"}]`,
	} {
		v, err := zoomgen.DecodeExample([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*openapi3.Schema{"plain": zoomgen.InferSchema(v), "formats": zoomgen.InferSchemaWithFormats(v)} {
			if err := s.VisitJSON(zoomgen.PlainJSON(v)); err != nil {
				t.Errorf("%s (%s): the merged schema rejects an example: %v", js, name, err)
			}
		}
	}
}

// TestNumericTextMerge: a number in quotes ("1") merged with a number of
// another example is that number, not "no type"; alone, or beside other
// strings, it stays a string.
func TestNumericTextMerge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, typ, format string
		nullable        bool
	}{
		{in: `["1", 2]`, typ: "integer"},
		{in: `[2, "1"]`, typ: "integer"},
		{in: `["1", "3", 2]`, typ: "integer"},
		{in: `["1"]`, typ: "string"},
		{in: `["1", "2"]`, typ: "string"},
		{in: `["1.5", 2]`, typ: "number"},
		{in: `["1", 2.5]`, typ: "number"},
		{in: `["-0.25", -3]`, typ: "number"},
		{in: `["12345678901", 1]`, typ: "integer", format: "int64"},
		{in: `["1", 12345678901]`, typ: "integer", format: "int64"},
		{in: `["1", null, 2]`, typ: "integer", nullable: true},
		{in: `["007", 1]`, typ: ""},
		{in: `["1e3", 1]`, typ: ""},
		{in: `[" 1", 1]`, typ: ""},
		{in: `["1.", 1]`, typ: ""},
		{in: `["1", "a", 2]`, typ: ""},
		{in: `["a", "1", 2]`, typ: ""},
		{in: `["1", true]`, typ: ""},
	} {
		v, err := zoomgen.DecodeExample([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*openapi3.Schema{"plain": zoomgen.InferSchema(v), "formats": zoomgen.InferSchemaWithFormats(v)} {
			items := s.Items.Value
			if got := types(s.Items); got != tc.typ || items.Format != tc.format || items.Nullable != tc.nullable {
				t.Errorf("%s (%s): items %q format %q nullable %v, want %q %q %v", tc.in, name, got, items.Format, items.Nullable, tc.typ, tc.format, tc.nullable)
			}
			if len(items.Extensions) != 0 {
				t.Errorf("%s (%s): inference marks leak into the schema: %v", tc.in, name, items.Extensions)
			}
			if err := s.VisitJSON(zoomgen.PlainJSON(zoomgen.ConformExample(v, s))); err != nil {
				t.Errorf("%s (%s): the merged schema rejects the example as written: %v", tc.in, name, err)
			}
		}
	}
}

// TestNumericTextAcrossExamples: the same rule where two response
// examples, or two requests on one endpoint, are merged; the example the
// document shows is written as the number its schema says.
func TestNumericTextAcrossExamples(t *testing.T) {
	t.Parallel()
	resp := func(name, body string) string {
		return `{"name": "` + name + `", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": ` + strconv.Quote(body) + `}`
	}
	req := func(name, path string, responses ...string) string {
		return `{"name": "` + name + `", "request": {"method": "GET", "url": "{{baseUrl}}/` + path + `"}, "response": [` + strings.Join(responses, ",") + `]}`
	}
	for _, tc := range []struct {
		name, items string
		want        map[string]string // property → type
		example     map[string]any    // property → the example's value
	}{
		{"two examples", req("L", "l", resp("quoted", `{"n": "1", "s": "1", "f": "2.5"}`), resp("plain", `{"n": 1, "s": "x", "f": 3}`)),
			map[string]string{"n": "integer", "s": "string", "f": "number"}, map[string]any{"n": json.Number("1"), "s": "1", "f": json.Number("2.5")}},
		{"duplicate requests", req("A", "l", resp("quoted", `{"n": "1"}`)) + "," + req("B", "l", resp("plain", `{"n": 2}`)),
			map[string]string{"n": "integer"}, map[string]any{"n": json.Number("1")}},
		{"lone number in quotes", req("L", "l", resp("quoted", `{"n": "1"}`)),
			map[string]string{"n": "string"}, map[string]any{"n": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := convert(t, zoomgen.Options{}, collection("", tc.items))
			mt := op(t, res.Doc, "GET", "/l").Responses.Status(200).Value.Content.Get("application/json")
			s := mt.Schema.Value
			for p, want := range tc.want {
				if got := types(s.Properties[p]); got != want {
					t.Errorf("%s: type %q, want %q", p, got, want)
				}
			}
			ex, _ := mt.Example.(map[string]any)
			for p, want := range tc.example {
				if ex[p] != want {
					t.Errorf("example %s = %#v, want %#v", p, ex[p], want)
				}
			}
			out, err := zoomgen.MarshalYAML(res.Doc)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "x-zoomgen-numeric-text") {
				t.Error("the inference mark reaches the document")
			}
		})
	}
}

// TestJSONTextBodies: a response example that is a JSON string holding
// JSON text describes the object or array the text holds.
func TestJSONTextBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		typ        string            // the response schema's type
		props      map[string]string // property → type
		example    bool              // an example is shown
	}{
		{"object text", `{"id": 5, "name": "x"}`, "object", map[string]string{"id": "integer", "name": "string"}, true},
		{"array text", `[{"id": 5}]`, "array", nil, true},
		{"leading zeros", "{\n \"id\": 00001,\n \"n\": 0.5}", "object", map[string]string{"id": "integer", "n": "number"}, true},
		{"broken object", `{"id": "a, "n": 1}`, "object", map[string]string{}, false},
		{"broken array", `[{"id": 1},`, "array", nil, false},
		{"plain string", `hello {x}`, "string", nil, true},
		{"number text", `12`, "string", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body, _ := json.Marshal(tc.body)
			in := collection("", `{"name": "G", "request": {"method": "GET", "url": "{{baseUrl}}/g"}, "response": [
				{"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": `+strconv.Quote(string(body))+`}]}`)
			res := convert(t, zoomgen.Options{}, in)
			if len(res.Warnings) != 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
			mt := op(t, res.Doc, "GET", "/g").Responses.Status(200).Value.Content.Get("application/json")
			if got := types(mt.Schema); got != tc.typ {
				t.Fatalf("type %q, want %q", got, tc.typ)
			}
			for p, want := range tc.props {
				if got := types(mt.Schema.Value.Properties[p]); got != want {
					t.Errorf("%s: type %q, want %q", p, got, want)
				}
			}
			if tc.props != nil && len(mt.Schema.Value.Properties) != len(tc.props) {
				t.Errorf("properties %v, want %v", keys(mt.Schema.Value.Properties), tc.props)
			}
			if (mt.Example != nil) != tc.example {
				t.Errorf("example %#v, want one: %v", mt.Example, tc.example)
			}
		})
	}
}
