package zoomgen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/internal/benchcpu"
	"github.com/zoomgen/zoom/zoomgen"
)

// Zoom publishes its whole API as one Postman v2.1 collection of hundreds
// of requests in nested folders, written by Postman's OpenAPI converter.
// That file cannot be vendored here, so largeCollection builds one of the
// same shape: folders per resource and sub-resource, every request carrying
// Zoom's description annotations, URL objects with path variables, query
// parameters with (Required) and enum text, JSON and formdata bodies, and
// several response examples, each repeating the request as
// originalRequest, which is what makes Zoom's file several megabytes. The
// generator is deterministic (fixed seed), so failures reproduce.

// largeResources are the resources of the generated API: a path prefix,
// the name of its ID variable and whether that ID is numeric.
var largeResources = []struct {
	folder, path, id string
	numeric          bool
}{
	{"Meetings", "meetings", "meetingId", true}, {"Webinars", "webinars", "webinarId", true},
	{"Users", "users", "userId", false}, {"Groups", "groups", "groupId", false},
	{"Rooms", "rooms", "roomId", false}, {"Reports", "report/meetings", "meetingUUID", false},
	{"Cloud Recording", "recordings", "recordingId", false}, {"Phone", "phone/users", "phoneUserId", false},
	{"Chat Channels", "chat/channels", "channelId", false}, {"SIP Phones", "sip_phones", "phoneId", false},
	{"H323 Devices", "h323/devices", "deviceId", false}, {"TSP", "tsp", "tspId", false},
	{"Tracking Field", "tracking_fields", "fieldId", false}, {"Contacts", "contacts", "contactId", false},
	{"Dashboards", "metrics/meetings", "metricMeetingId", true}, {"Roles", "roles", "roleId", false},
	{"Accounts", "accounts", "accountId", false}, {"Archiving", "archive_files", "fileId", false},
	{"Devices", "devices", "zdmDeviceId", false}, {"Billing", "billing", "billingId", false},
	{"Whiteboards", "whiteboards", "whiteboardId", false}, {"Calendars", "calendars", "calId", false},
	{"Clips", "clips", "clipId", false}, {"Mail", "emails/mailboxes", "mailboxId", false},
}

// largeSubs are the sub-resources each resource has; "" is the resource
// itself. Their names repeat across resources, as Zoom's do ("List
// registrants" exists for meetings and webinars), so operationIds collide
// and must be told apart by path.
var largeSubs = []string{"", "registrants", "polls", "settings", "members"}

// largeCollection returns a collection of about n requests.
func largeCollection(n int) []byte {
	rng := rand.New(rand.NewPCG(6, 2026))
	words := strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat")
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:] + "."
	}
	scopeSpellings := []string{"**Scopes:**", "**Scope:**", "**Scopes**", "**Scope**:"}
	labelSpellings := []string{"**[Rate Limit Label](https://marketplace.zoom.us/docs/api-reference/rate-limits#rate-limits):**", "**Rate Limit Label:**", "**Rate Limit Label**:"}
	labels := []string{"Light", "Medium", "Heavy", "Resource-intensive"}
	// hostile field names: Go keywords, digits first, non-ASCII, and two
	// spellings of one Go name.
	fieldNames := []string{"id", "topic", "type", "default", "range", "1st_place", "名前", "start_time", "duration", "timezone", "join_url", "email", "first_name", "last_name", "status", "created_at", "agenda", "settings_x", "page_count"}
	value := func(field string, i int) any {
		switch field {
		case "id", "duration", "page_count", "1st_place":
			return 1000 + i
		case "email":
			return fmt.Sprintf("user%d@example.com", i)
		case "start_time", "created_at":
			return time.Date(2024, 1, 1+i%28, 10, 0, 0, 0, time.UTC).Format(time.RFC3339)
		case "join_url":
			return fmt.Sprintf("https://zoom.us/j/%d?pwd=abc", 85746065432+i)
		case "type":
			return 2
		case "status":
			return []string{"approved", "pending", "denied"}[i%3]
		}
		return sentence(3)
	}
	object := func(i, nFields int) map[string]any {
		o := map[string]any{}
		for k := 0; k < nFields; k++ {
			f := fieldNames[(i+k)%len(fieldNames)]
			o[f] = value(f, i+k)
		}
		if i%7 == 0 {
			o["nested"] = map[string]any{"enabled": i%2 == 0, "level": i % 5, "note": nil}
		}
		return o
	}
	type kv = map[string]any
	var top []any
	count := 0
	for round := 0; count < n; round++ {
		for _, res := range largeResources {
			if count >= n {
				break
			}
			var subFolders []any
			for _, sub := range largeSubs {
				if count >= n {
					break
				}
				base := res.path
				idVar := kv{"key": res.id, "value": "me", "description": "(Required) The " + res.folder + " ID."}
				if res.numeric {
					idVar["value"] = "85746065432"
				}
				if round > 0 {
					base = fmt.Sprintf("v%d/%s", round+1, base)
				}
				collPath := []string{base}
				itemPath := []string{base, ":" + res.id}
				noun := strings.ToLower(res.folder)
				vars := []any{idVar}
				if sub != "" {
					collPath = []string{base, ":" + res.id, sub}
					itemPath = []string{base, ":" + res.id, sub, ":" + sub + "Id"}
					noun = sub
					vars = []any{idVar, kv{"key": sub + "Id", "value": "abc123", "description": "(Required) The item's ID."}}
				}
				var reqs []any
				for k, opName := range []string{"List", "Create", "Get a", "Update", "Delete a"} {
					if count >= n {
						break
					}
					count++
					method := []string{"GET", "POST", "GET", "PATCH", "DELETE"}[k]
					path := collPath
					pathVars := vars[:len(vars)-1]
					if sub == "" {
						pathVars = nil
					}
					if k >= 2 {
						path = itemPath
						pathVars = vars
					}
					name := opName + " " + noun
					if round > 0 {
						name += fmt.Sprintf(" (v%d)", round+1)
					}
					switch count % 97 {
					case 11:
						name = "func"
					case 23:
						name = "2FA " + noun
					case 37:
						name = "Créer " + noun
					case 53:
						name = "会議 " + noun
					}
					desc := fmt.Sprintf("%s %s\n\n**Prerequisites:**<br>\n* %s\n* %s<br><br>\n%s `%s:read`, `%s:read:admin`<br>\n%s `%s`<br>\n\n%s %s",
						sentence(30), sentence(25), sentence(12), sentence(12),
						scopeSpellings[count%len(scopeSpellings)], res.path, res.path,
						labelSpellings[count%len(labelSpellings)], labels[count%len(labels)],
						sentence(25), sentence(25))
					url := kv{
						"raw":  "{{baseUrl}}/" + strings.Join(path, "/"),
						"host": []any{"{{baseUrl}}"},
						"path": path,
					}
					if count%5 != 0 { // Postman's converter omits raw sometimes
						delete(url, "raw")
					}
					if len(pathVars) > 0 {
						url["variable"] = pathVars
					}
					if k == 0 {
						url["query"] = []any{
							kv{"key": "page_size", "value": "30", "description": "The number of records returned within a single API call."},
							kv{"key": "next_page_token", "value": "IAfJX3jsOLW7w3dokmFl84zOa0MAVGyMEB2", "description": "The next page token paginates through a large set of results."},
							kv{"key": "status", "value": "approved", "description": "(Required) The status. (This can only be one of approved,pending,denied)"},
							kv{"key": "type", "value": "2", "description": "A Go keyword as a parameter name. (This can only be one of 1,2,3)"},
							kv{"key": "legacy", "value": "1", "disabled": true},
						}
					}
					req := kv{
						"method":      method,
						"header":      []any{kv{"key": "Accept", "value": "application/json"}},
						"url":         url,
						"description": desc,
					}
					switch {
					case k == 1 && count%2 == 0:
						raw, _ := json.MarshalIndent(object(count, 12), "", "  ")
						req["body"] = kv{"mode": "raw", "raw": string(raw), "options": kv{"raw": kv{"language": "json"}}}
						req["header"] = append(req["header"].([]any), kv{"key": "Content-Type", "value": "application/json"})
					case k == 1 || k == 3:
						list, _ := json.Marshal([]any{object(count, 3), object(count+1, 3)})
						req["body"] = kv{"mode": "formdata", "formdata": []any{
							kv{"key": "auto_approve", "value": "true", "type": "text", "description": sentence(20)},
							kv{"key": "registrants", "value": string(list), "type": "text"},
							kv{"key": "kind", "value": "small", "type": "text", "description": "(Required) The size. (This can only be one of small,large)"},
						}}
					default:
						req["body"] = kv{}
					}
					orig := kv{"method": method, "header": []any{kv{"key": "Authorization", "value": "<token>", "description": "Added as a part of security scheme: oauth2"}}, "url": url, "body": req["body"]}
					var responses []any
					if method != "DELETE" {
						var body any
						if k == 0 {
							items := make([]any, 5)
							for i := range items {
								items[i] = object(count*10+i, 10)
							}
							body = kv{"page_size": 30, "next_page_token": "w7587w4eiyfsudgf", "total_records": 5, noun: items}
						} else {
							body = object(count, 15)
						}
						b, _ := json.MarshalIndent(body, "", " ")
						code := 200
						if k == 1 {
							code = 201
						}
						responses = append(responses, kv{
							"name": fmt.Sprintf("**HTTP Status Code:** `%d` **OK** <br>\n%s", code, sentence(6)), "originalRequest": orig,
							"status": "OK", "code": code, "_postman_previewlanguage": "json",
							"header": []any{kv{"key": "Content-Type", "value": "application/json"}, kv{"key": "X-RateLimit-Remaining", "value": fmt.Sprint(count)}},
							"body":   string(b),
						})
					} else {
						responses = append(responses, kv{"name": "**HTTP Status Code:** `204` <br>\nDeleted.", "originalRequest": orig, "status": "No Content", "code": 204, "header": []any{}, "body": ""})
					}
					responses = append(responses,
						kv{"name": fmt.Sprintf("**HTTP Status Code:** `400` **Bad Request** <br>\n**Error Code:** `300`<br>\n%s<br>\n**Error Code:** `%d`<br>\n%s", sentence(8), 3000+count, sentence(8)),
							"originalRequest": orig, "status": "Bad Request", "code": 400, "header": []any{}, "body": ""},
						kv{"name": fmt.Sprintf("**HTTP Status Code:** `404` **Not Found** <br>\n**Error Code:** `1001`<br>\n%s", sentence(6)),
							"originalRequest": orig, "status": "Not Found", "code": 404, "_postman_previewlanguage": "text", "header": []any{kv{"key": "Content-Type", "value": "text/plain"}}, "body": ""},
						kv{"name": "**HTTP Status Code:** `429` <br>\nYou have reached the maximum per-second rate limit for this API.", "code": 429, "header": []any{}, "body": ""},
					)
					reqs = append(reqs, kv{"name": name, "request": req, "response": responses})
				}
				folderName := res.folder
				if sub != "" {
					folderName = strings.ToUpper(sub[:1]) + sub[1:]
				}
				if round > 0 {
					folderName += fmt.Sprintf(" v%d", round+1)
				}
				folder := kv{"name": folderName, "description": sentence(10), "item": reqs}
				if sub == "settings" {
					// a third level, as Zoom has for some sub-resources
					folder = kv{"name": folderName, "description": sentence(10), "item": []any{kv{"name": "Advanced", "description": kv{"content": sentence(5), "type": "text/plain"}, "item": reqs}}}
				}
				subFolders = append(subFolders, folder)
			}
			name := res.folder
			if round > 0 {
				name += fmt.Sprintf(" v%d", round+1)
			}
			top = append(top, kv{"name": name, "description": kv{"content": sentence(15), "type": "text/plain"}, "item": subFolders})
		}
	}
	col := kv{
		"info": kv{"_postman_id": "6b1d4a8e", "name": "Zoom API (generated)", "description": kv{"content": "Zoom-shaped collection for tests.", "type": "text/plain"},
			"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"auth":     kv{"type": "oauth2", "oauth2": []any{kv{"key": "accessTokenUrl", "value": "https://zoom.us/oauth/token"}, kv{"key": "authUrl", "value": "https://zoom.us/oauth/authorize"}}},
		"variable": []any{kv{"key": "baseUrl", "value": "https://api.zoom.us/v2", "type": "string"}},
		"item":     top,
	}
	out, _ := json.MarshalIndent(col, "", "  ") // maps of JSON values always marshal
	return out
}

const largeRequests = 320

// TestLargeCollection converts a 320-request, multi-megabyte collection,
// checks that nothing was dropped and that the document validates, then
// generates the Go client with oapi-codegen and compiles it with go vet:
// "oapi-codegen always produces compiling Go" is only true if it is tried
// on hostile input at scale.
func TestLargeCollection(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("converts a 3 MB collection twice under -race and compiles its client: make large")
	}
	data := largeCollection(largeRequests)
	if len(data) < 3<<20 {
		t.Fatalf("generated collection is %d bytes, want at least 3 MB", len(data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: "large.postman.json", Data: data}}, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != largeRequests || res.Operations != largeRequests {
		t.Errorf("requests %d, operations %d, want %d of each", res.Requests, res.Operations, largeRequests)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %v", w)
	}
	ids := map[string]bool{}
	for _, item := range res.Doc.Paths.Map() {
		for _, op := range item.Operations() {
			if ids[op.OperationID] {
				t.Errorf("operationId %s used twice", op.OperationID)
			}
			ids[op.OperationID] = true
		}
	}
	// "List registrants" exists under every resource: the smallest path
	// keeps the plain id, the others are qualified by their resource.
	for path, want := range map[string]string{
		"/meetings/{meetingId}/registrants":      "listRegistrantsForMeetings",
		"/webinars/{webinarId}/registrants":      "listRegistrantsForWebinars",
		"/chat/channels/{channelId}/registrants": "listRegistrants",
	} {
		if item := res.Doc.Paths.Value(path); item == nil || item.Get == nil {
			t.Errorf("no GET %s", path)
		} else if item.Get.OperationID != want {
			t.Errorf("GET %s operationId = %s, want %s", path, item.Get.OperationID, want)
		}
	}
	y, err := zoomgen.MarshalYAML(res.Doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := zoomgen.CheckYAMLPaths(res.Doc); err != nil {
		t.Error(err)
	}
	// A second conversion must give the same bytes.
	again, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: "large.postman.json", Data: data}}, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatal(err)
	}
	if y2, err := zoomgen.MarshalYAML(again.Doc); err != nil || !bytes.Equal(y, y2) {
		t.Errorf("a second conversion differs (err %v)", err)
	}
	compileGenerated(t, map[string][]byte{"large": y})
}

// TestCorpusCompiles generates and compiles the client of every golden
// document in testdata, the hostile names among them.
func TestCorpusCompiles(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go vet: make large")
	}
	docs := map[string][]byte{}
	for name, files := range goldenCases(t) {
		opts := zoomgen.ZoomOptions()
		opts.InferFormats = strings.HasSuffix(name, "_formats")
		docs[name] = convertFiles(t, opts, files...)
	}
	docs["bad_hostile_names"] = convertFiles(t, zoomgen.ZoomOptions(), "testdata/bad/hostile_names.postman.json")
	compileGenerated(t, docs)
}

// compileGenerated checks each OpenAPI YAML document with kin-openapi,
// generates a client package for it with the oapi-codegen command pinned
// in tools/go.mod (as go generate runs it) in a temporary module with this
// module's go.mod and go.sum (so the same oapi-codegen runtime is used, and
// nothing is written into the source tree) and runs go vet over all of
// them at once. The command, not the library: linking the generator into
// this package's tests would compile it and go/types under -race in every
// make test, for a check only make large runs.
func compileGenerated(t *testing.T, docs map[string][]byte) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiling generated code runs go vet: make large")
	}
	root := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	toolsMod, err := filepath.Abs(filepath.Join("..", "tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for name, y := range docs {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(y)
		if err != nil {
			t.Fatalf("%s: reload: %v", name, err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Fatalf("%s: reloaded document invalid: %v", name, err)
		}
		pkg := "p" + strings.NewReplacer("-", "_", ".", "_").Replace(name)
		dir := filepath.Join(root, pkg)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cfg := fmt.Sprintf("package: %s\ngenerate:\n  models: true\n  client: true\noutput-options:\n  skip-prune: true\noutput: %s\n",
			pkg, filepath.Join(dir, "client.gen.go"))
		for file, data := range map[string][]byte{"cfg.yaml": []byte(cfg), "openapi.yaml": y} {
			if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("go", "tool", "-modfile="+toolsMod, "oapi-codegen", "-config", filepath.Join(dir, "cfg.yaml"), filepath.Join(dir, "openapi.yaml"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: oapi-codegen: %v\n%s", name, err, firstLines(string(out), 20))
		}
		pkgs = append(pkgs, "./"+pkg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet of the generated clients: %v\n%s", err, firstLines(out.String(), 40))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// BenchmarkConvertLarge measures the whole job on the large collection:
// parse, convert, validate (inside Convert) and write the YAML; the 3MB
// case is the same generator cut to the size the performance target names.
func BenchmarkConvertLarge(b *testing.B) {
	full := largeCollection(largeRequests)
	three := largeCollection(largeRequests * 3_000_000 / len(full))
	for _, bc := range []struct {
		name string
		data []byte
	}{{fmt.Sprintf("requests=%d", largeRequests), full}, {"3MB", three}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			src := []zoomgen.Source{{Name: "large.postman.json", Data: bc.data}}
			opts := zoomgen.ZoomOptions()
			defer benchcpu.Report(b)()
			for b.Loop() {
				res, err := zoomgen.Convert(context.Background(), src, opts)
				if err != nil {
					b.Fatal(err)
				}
				y, err := zoomgen.MarshalYAML(res.Doc)
				if err != nil {
					b.Fatal(err)
				}
				io.Discard.Write(y)
			}
		})
	}
}
