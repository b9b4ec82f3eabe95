package zoomgen_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

const seedPath = "../spec/postman/perform_batch_registration.postman.json"

// seedDoc converts the seed item exactly as published.
func seedDoc(t *testing.T, opts zoomgen.Options) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "seed.json", Data: data}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("the seed item converts with warnings: %v", res.Warnings)
	}
	return res.Doc
}

func batchOp(t *testing.T, doc *openapi3.T) *openapi3.Operation {
	t.Helper()
	item := doc.Paths.Value("/meetings/{meetingId}/batch_registrants")
	if item == nil || item.Post == nil {
		t.Fatalf("no POST /meetings/{meetingId}/batch_registrants; paths: %v", doc.Paths.InMatchingOrder())
	}
	return item.Post
}

func TestSeedPathServerAndParameter(t *testing.T) {
	doc := seedDoc(t, zoomgen.ZoomOptions())
	op := batchOp(t, doc)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.zoom.us/v2" {
		t.Errorf("servers = %v, want https://api.zoom.us/v2 from the baseUrl default", doc.Servers)
	}
	p := op.Parameters.GetByInAndName("path", "meetingId")
	if p == nil {
		t.Fatal("no path parameter meetingId")
	}
	if !p.Required {
		t.Error("meetingId is not required")
	}
	if want := "Unique identifier of the meeting (Meeting Number)."; p.Description != want {
		t.Errorf("description = %q, want %q (without the (Required) prefix)", p.Description, want)
	}
	if op.OperationID != "performBatchRegistration" {
		t.Errorf("operationId = %q", op.OperationID)
	}
}

func TestSeedFormdataBody(t *testing.T) {
	op := batchOp(t, seedDoc(t, zoomgen.ZoomOptions()))
	content := op.RequestBody.Value.Content
	mp := content.Get("multipart/form-data")
	if mp == nil {
		t.Fatalf("no multipart/form-data body; have %v", keys(content))
	}
	if mp.Schema.Ref != "#/components/schemas/PerformBatchRegistrationRequest" {
		t.Errorf("body schema ref = %q, want a named component", mp.Schema.Ref)
	}
	s := mp.Schema.Value
	if got := s.Properties["auto_approve"].Value.Type.Slice(); !reflect.DeepEqual(got, []string{"boolean"}) {
		t.Errorf(`auto_approve ("true") type = %v, want boolean`, got)
	}
	regs := s.Properties["registrants"].Value
	if !regs.Type.Is("array") {
		t.Fatalf("registrants type = %v, want array (its value is JSON, not a string)", regs.Type)
	}
	item := regs.Items.Value
	for _, f := range []string{"email", "first_name", "last_name"} {
		if item.Properties[f] == nil || !item.Properties[f].Value.Type.Is("string") {
			t.Errorf("registrants[] has no string %s", f)
		}
	}
	if enc := mp.Encoding["registrants"]; enc == nil || enc.ContentType != "application/json" {
		t.Errorf("encoding for registrants = %+v, want contentType application/json", enc)
	}
	if !strings.HasPrefix(s.Properties["auto_approve"].Value.Description, "If a meeting was scheduled") {
		t.Error("auto_approve lost its description")
	}
}

func TestJSONTwin(t *testing.T) {
	for _, tc := range []struct {
		twin bool
		want []string
	}{
		{true, []string{"application/json", "multipart/form-data"}},
		{false, []string{"multipart/form-data"}},
	} {
		opts := zoomgen.ZoomOptions()
		opts.JSONTwin = tc.twin
		op := batchOp(t, seedDoc(t, opts))
		if got := keys(op.RequestBody.Value.Content); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("JSONTwin=%v: media types %v, want %v", tc.twin, got, tc.want)
		}
	}
}

func TestImpliedHeadersDropped(t *testing.T) {
	op := batchOp(t, seedDoc(t, zoomgen.ZoomOptions()))
	for _, p := range op.Parameters {
		if p.Value.In == "header" {
			t.Errorf("header parameter %q should not exist: it restates the media type or security scheme", p.Value.Name)
		}
	}
}

func TestSecurityScopesAndRateLimit(t *testing.T) {
	doc := seedDoc(t, zoomgen.ZoomOptions())
	op := batchOp(t, doc)
	scheme := doc.Components.SecuritySchemes["oauth2"]
	if scheme == nil {
		t.Fatal("no oauth2 security scheme")
	}
	flow := scheme.Value.Flows.AuthorizationCode
	if flow.AuthorizationURL != "https://zoom.us/oauth/authorize" || flow.TokenURL != "https://zoom.us/oauth/token" {
		t.Errorf("oauth2 URLs = %q, %q", flow.AuthorizationURL, flow.TokenURL)
	}
	if op.Security == nil || len(*op.Security) != 1 {
		t.Fatalf("security = %v", op.Security)
	}
	if got := (*op.Security)[0]["oauth2"]; !reflect.DeepEqual(got, []string{"meeting:write", "meeting:write:admin"}) {
		t.Errorf("scopes = %v", got)
	}
	if got := op.Extensions[zoomgen.ExtRateLimitLabel]; got != "Heavy" {
		t.Errorf("%s = %v, want Heavy", zoomgen.ExtRateLimitLabel, got)
	}
}

func TestResponses(t *testing.T) {
	doc := seedDoc(t, zoomgen.ZoomOptions())
	op := batchOp(t, doc)
	ok := op.Responses.Status(200)
	if ok == nil {
		t.Fatal("no 200 response")
	}
	if ok.Value.Description == nil || *ok.Value.Description != "OK\nRegistrants added." {
		t.Errorf("200 description = %q", deref(ok.Value.Description))
	}
	mt := ok.Value.Content.Get("application/json")
	if mt.Schema.Ref != "#/components/schemas/PerformBatchRegistrationResult" {
		t.Errorf("200 schema = %q", mt.Schema.Ref)
	}
	joinURL := doc.Components.Schemas["PerformBatchRegistrationResultRegistrantsItem"].Value.Properties["join_url"].Value
	if joinURL.Format != "" {
		t.Errorf("join_url format = %q: the example starts with a space, so no format may be inferred", joinURL.Format)
	}
	for code, want := range map[int][]zoomgen.ErrorCode{
		400: {{3038, "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host."}, {303, "This API can only be used for scheduled m"}},
		404: {{3001, "Meeting does not exist: {meetingId}."}, {3043, "Meeting has reached maximum attendee capacity."}, {404, "Registration has not been enabled fo"}},
	} {
		r := op.Responses.Status(code)
		if got := r.Value.Extensions[zoomgen.ExtErrorCodes]; !reflect.DeepEqual(got, want) {
			t.Errorf("%d %s = %#v, want %#v", code, zoomgen.ExtErrorCodes, got, want)
		}
		if ref := r.Value.Content.Get("application/json").Schema.Ref; ref != "#/components/schemas/ZoomError" {
			t.Errorf("%d schema = %q, want ZoomError", code, ref)
		}
	}
	if op.Responses.Status(429) == nil {
		t.Error("429 response lost")
	}
}

// TestOverlay applies the project's overlay: facts a Postman item cannot
// carry (the 30-registrant limit, the newer field, the live 201).
func TestOverlay(t *testing.T) {
	ov, err := os.ReadFile("../spec/zoom.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The project overlay also targets endpoints beyond the seed; apply
	// it to the whole spec/postman set.
	full := convertAll(t)
	out, err := zoomgen.ApplyOverlay(context.Background(), full, ov, "zoom.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	req := out.Components.Schemas["PerformBatchRegistrationRequest"].Value
	regs := req.Properties["registrants"].Value
	if regs.MaxItems == nil || *regs.MaxItems != 30 || regs.MinItems != 1 {
		t.Errorf("registrants items bounds = %d..%v, want 1..30", regs.MinItems, regs.MaxItems)
	}
	if p := req.Properties["registrants_confirmation_email"]; p == nil || !p.Value.Type.Is("boolean") {
		t.Error("registrants_confirmation_email missing or not boolean")
	}
	created := batchOp(t, out).Responses.Status(201)
	if created == nil || created.Value.Content.Get("application/json").Schema.Ref != "#/components/schemas/PerformBatchRegistrationResult" {
		t.Error("201 response missing or not the same schema as 200")
	}

	// An action whose target matches nothing must fail, not be ignored.
	bad := []byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.components.schemas.NoSuchSchema\n    update: {maxItems: 1}\n")
	if _, err := zoomgen.ApplyOverlay(context.Background(), full, bad, "bad.yaml"); err == nil {
		t.Error("an overlay action with no target applied without error")
	}
}

func same(s string) string { return s }

func convertAll(t *testing.T) *openapi3.T {
	t.Helper()
	srcs := readSources(t, same, mustGlob(t, "../spec/postman/*.json")...)
	res, err := zoomgen.Convert(context.Background(), srcs, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatal(err)
	}
	return res.Doc
}

func TestOperationIDs(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Perform batch registration", "performBatchRegistration"},
		{"Update registrant's status", "updateRegistrantsStatus"},
		{"Get a meeting", "getMeeting"},
		{"List SIP phones", "listSIPPhones"},
		{"Créer une réunion", "creerUneReunion"},
		{"2FA settings", "op2FASettings"},
		{"  ", "getThings"},
	} {
		item := `{"name": ` + strconv.Quote(tc.name) + `, "request": {"method": "GET", "url": "https://api.example.com/things"}}`
		res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "x", Data: []byte(item)}}, zoomgen.Options{})
		if err != nil {
			t.Fatalf("%q: %v", tc.name, err)
		}
		if got := res.Doc.Paths.Value("/things").Get.OperationID; got != tc.want {
			t.Errorf("name %q: operationId %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestProblemsNameTheirPlace(t *testing.T) {
	for _, tc := range []struct {
		name, input, want string
		strict            bool // the problem is a warning, an error in strict mode
	}{
		{"not JSON", `{"name": `, `bad.json: not a JSON object`, false},
		{"unknown schema", `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v9/collection.json"}, "item": []}`, `bad.json: info.schema: unknown collection schema`, false},
		{"no URL", `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [{"name": "F", "item": [{"name": "No URL", "request": {"method": "GET"}}]}]}`,
			`bad.json: item[0].item[0] "No URL": request.url: request has no URL; the item is skipped`, true},
		{"JSON field not JSON", `{"name": "Bad field", "request": {"method": "POST", "url": "https://x.example/a", "body": {"mode": "formdata", "formdata": [{"key": "a", "value": "1"}, {"key": "data", "value": "[{oops", "contentType": "application/json", "type": "text"}]}}}`,
			`bad.json: "Bad field": request.body.formdata[1].value: field "data" is declared application/json but its value is not JSON`, true},
		{"duplicate", `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [{"name": "A", "request": {"method": "GET", "url": "https://x.example/a"}}, {"name": "B", "request": {"method": "GET", "url": "https://x.example/a"}}]}`,
			`bad.json: item[1] "B": request: GET /a is also defined by bad.json: item[0] "A"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "bad.json", Data: []byte(tc.input)}}, zoomgen.Options{Strict: tc.strict})
			if err == nil {
				t.Fatal("no error")
			}
			var p *zoomgen.Problem
			if !errors.As(err, &p) {
				t.Errorf("error %T is not a *zoomgen.Problem", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestStrictTurnsWarningsIntoErrors(t *testing.T) {
	item := []byte(`{"name": "Odd", "request": {"method": "POST", "url": "https://x.example/a", "body": {"mode": "formdata", "formdata": [{"key": "data", "value": "[not json", "type": "text"}]}}}`)
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "w.json", Data: item}}, zoomgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), `"Odd": request.body.formdata[0].value`) {
		t.Fatalf("warnings = %v", res.Warnings)
	}
	if _, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "w.json", Data: item}}, zoomgen.Options{Strict: true}); err == nil {
		t.Error("strict mode accepted a warning")
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestOperationIDCollisionRule pins the rule for two requests with the same
// name: the one with the smaller (path, method) keeps the plain id, the
// other is qualified by the path words the first lacks, whatever the order
// of the files or items.
func TestOperationIDCollisionRule(t *testing.T) {
	meeting := "../spec/postman/perform_batch_registration.postman.json"
	webinar := "../spec/postman/perform_webinar_batch_registration.postman.json"
	for _, order := range [][]string{{meeting, webinar}, {webinar, meeting}} {
		srcs := readSources(t, same, order...)
		res, err := zoomgen.Convert(context.Background(), srcs, zoomgen.ZoomOptions())
		if err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]string{
			"/meetings/{meetingId}/batch_registrants": "performBatchRegistration",
			"/webinars/{webinarId}/batch_registrants": "performBatchRegistrationForWebinars",
		} {
			if got := res.Doc.Paths.Value(path).Post.OperationID; got != want {
				t.Errorf("order %v: %s operationId = %q, want %q", order, path, got, want)
			}
		}
		for _, name := range []string{"PerformBatchRegistrationRequest", "PerformBatchRegistrationResult", "PerformBatchRegistrationForWebinarsRequest"} {
			if res.Doc.Components.Schemas[name] == nil {
				t.Errorf("order %v: no schema %s", order, name)
			}
		}
	}

	for _, tc := range []struct {
		name  string
		items []string // name|METHOD|url
		want  map[string]string
	}{
		{"three with one name", []string{"List|GET|/a/items", "List|GET|/b/items", "List|GET|/c/d/items"},
			map[string]string{"GET /a/items": "list", "GET /b/items": "listForB", "GET /c/d/items": "listForCD"}},
		{"same path, other method", []string{"Things|GET|/things", "Things|POST|/things"},
			map[string]string{"GET /things": "things", "POST /things": "thingsForPostThings"}},
		{"qualified id taken by a plain one", []string{"List|GET|/a/x", "List|GET|/b/x", "List for b|GET|/z"},
			map[string]string{"GET /a/x": "list", "GET /b/x": "listForGetBX", "GET /z": "listForB"}},
		{"Go-hostile names", []string{"func|GET|/f", "Client|GET|/c", "123|GET|/n", "日本語|GET|/jp/items", "Type|GET|/t", "Server|POST|/s"},
			map[string]string{"GET /f": "func", "GET /c": "clientOperation", "GET /n": "op123", "GET /jp/items": "getJpItems", "GET /t": "type", "POST /s": "serverOperation"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids := func(items []string) map[string]string {
				var js []string
				for _, it := range items {
					p := strings.SplitN(it, "|", 3)
					js = append(js, `{"name": `+strconv.Quote(p[0])+`, "request": {"method": "`+p[1]+`", "url": "https://x.example`+p[2]+`"}}`)
				}
				col := `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [` + strings.Join(js, ",") + `]}`
				res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "c.json", Data: []byte(col)}}, zoomgen.Options{})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for path, item := range res.Doc.Paths.Map() {
					for m, op := range item.Operations() {
						got[m+" "+path] = op.OperationID
					}
				}
				return got
			}
			got := ids(tc.items)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
			rev := slices.Clone(tc.items)
			slices.Reverse(rev)
			if again := ids(rev); !reflect.DeepEqual(again, got) {
				t.Errorf("reversed order gave %v, want %v", again, got)
			}
		})
	}
}
