package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// A small generated client in oapi-codegen's shape: one listing by token,
// one by page number only, one whose result has two lists.
const genSrc = `package gen

import "context"

type ByToken = TokenPage
type TokenPage struct {
	NextPageToken string ` + "`json:\"next_page_token,omitempty\"`" + `
	Users []User ` + "`json:\"users,omitempty\"`" + `
}
type User struct{ ID string }
type ListUsersParams struct {
	PageSize *int ` + "`form:\"page_size,omitempty\" json:\"page_size,omitempty\"`" + `
	NextPageToken *string ` + "`form:\"next_page_token,omitempty\" json:\"next_page_token,omitempty\"`" + `
}
type ListUsersResponse struct{ JSON200 *ByToken }

type NumberedPage struct {
	PageCount int ` + "`json:\"page_count,omitempty\"`" + `
	Groups []Group ` + "`json:\"groups,omitempty\"`" + `
}
type Group struct{ Name string }
type ListGroupsParams struct {
	PageNumber *int ` + "`form:\"page_number,omitempty\" json:\"page_number,omitempty\"`" + `
}
type ListGroupsResponse struct{ JSON200 *NumberedPage }

type TwoLists struct {
	NextPageToken string ` + "`json:\"next_page_token,omitempty\"`" + `
	A []User
	B []Group
}
type ListBothParams struct {
	NextPageToken *string ` + "`form:\"next_page_token,omitempty\" json:\"next_page_token,omitempty\"`" + `
}
type ListBothResponse struct{ JSON200 *TwoLists }

type ClientWithResponses struct{}
type RequestEditorFn func()

func (c *ClientWithResponses) ListUsersWithResponse(ctx context.Context, accountID string, params *ListUsersParams, reqEditors ...RequestEditorFn) (*ListUsersResponse, error) { return nil, nil }
func (c *ClientWithResponses) ListGroupsWithResponse(ctx context.Context, params *ListGroupsParams, reqEditors ...RequestEditorFn) (*ListGroupsResponse, error) { return nil, nil }
func (c *ClientWithResponses) ListBothWithResponse(ctx context.Context, params *ListBothParams, reqEditors ...RequestEditorFn) (*ListBothResponse, error) { return nil, nil }
`

func TestFindPaginated(t *testing.T) {
	ops := []op{
		{ID: "listUsers", Method: "GET", Template: "/accounts/{accountId}/users", Params: map[string]bool{"next_page_token": true, "page_size": true}},
		{ID: "listGroups", Method: "GET", Template: "/groups", Params: map[string]bool{"page_number": true}},
		{ID: "listBoth", Method: "GET", Template: "/both", Params: map[string]bool{"next_page_token": true}},
		{ID: "createUser", Method: "POST", Template: "/users", Params: map[string]bool{}},
	}
	pages, warnings, err := findPaginated([]byte(genSrc), "gen.go", ops)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || len(warnings) != 1 || !strings.Contains(warnings[0], "listBoth") {
		t.Fatalf("pages %+v, warnings %q", pages, warnings)
	}
	src, err := renderPages(pages, "zoom", "spec.yaml", "gen.go")
	if err != nil {
		t.Fatal(err)
	}
	out := string(src)
	for _, want := range []string{
		"func (c *Client) ListUsersAll(ctx context.Context, accountID string, params *gen.ListUsersParams) iter.Seq2[gen.User, error]",
		"q.NextPageToken = &token",
		"c.api.ListUsersWithResponse(ctx, accountID, &q)",
		"return resp.JSON200.Users, resp.JSON200.NextPageToken, nil",
		"func (c *Client) ListGroupsAll(ctx context.Context, params *gen.ListGroupsParams) iter.Seq2[gen.Group, error]",
		"return numberedPages(ctx, func(ctx context.Context, page int) ([]gen.Group, int, error) {",
		"q.PageNumber = &page",
		"return resp.JSON200.Groups, resp.JSON200.PageCount, nil",
		"DO NOT EDIT",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("generated iterators lack %q:\n%s", want, out)
		}
	}
}

func TestReadOperationsRefusesUnknownLabel(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: getX
      x-rate-limit-label: Gigantic
      responses:
        "200": {description: ok}
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readOperations(doc); err == nil || !strings.Contains(err.Error(), "GET /x (getX)") || !strings.Contains(err.Error(), "Gigantic") {
		t.Fatalf("err = %v, want it to name the operation and the label", err)
	}
}

// The committed files are what the generator makes from the committed
// spec and gen/ (make test checks this too, through git).
func TestCommittedOutputIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	dir := t.TempDir()
	opsOut, pagesOut := filepath.Join(dir, "operations.gen.go"), filepath.Join(dir, "pages.gen.go")
	if err := run(filepath.Join(root, "spec", "zoom.openapi.yaml"), filepath.Join(root, "gen", "zoom.gen.go"), opsOut, pagesOut, "zoom"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"operations.gen.go", "pages.gen.go"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		// The header names the paths it was given; compare the rest.
		_, g, _ := strings.Cut(string(got), "\n")
		_, w, _ := strings.Cut(string(want), "\n")
		if g != w {
			t.Errorf("%s is stale: run go generate ./...", name)
		}
	}
}
