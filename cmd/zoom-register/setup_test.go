package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// mockEnv is the environment that points the command at srv.
func mockEnv(srv *zoomtest.Server, kv ...string) func(string) string {
	d := zoomtest.DemoCredentials
	return env(append([]string{"ZOOM_ACCOUNT_ID", d.AccountID, "ZOOM_CLIENT_ID", d.ClientID, "ZOOM_CLIENT_SECRET", d.ClientSecret,
		"ZOOM_API_URL", srv.BaseURL(), "ZOOM_TOKEN_URL", srv.TokenURL(), "ZOOM_PLAN", "unlimited"}, kv...)...)
}

// TestSetupErrorsExit2: a wrong secret, a token endpoint nobody answers
// at and a base URL without /v2 are setup errors: exit status 2, a
// message that names what to fix, and no results file.
func TestSetupErrorsExit2(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/oauth/token"
	l.Close()
	for _, tc := range []struct {
		name string
		env  func(string) string
		want string
	}{
		{"wrong secret", mockEnv(srv, "ZOOM_CLIENT_SECRET", "wrong-secret-value"), "refused the credentials (check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET)"},
		{"unreachable token endpoint", mockEnv(srv, "ZOOM_TOKEN_URL", closed), "token endpoint could not be reached (check ZOOM_TOKEN_URL"},
		{"base URL without /v2", mockEnv(srv, "ZOOM_API_URL", srv.URL), "answered 404 without a Zoom error code: wrong base URL?"},
		{"unreachable API", mockEnv(srv, "ZOOM_API_URL", strings.TrimSuffix(closed, "/oauth/token")+"/v2"), "could not be reached (check ZOOM_API_URL"},
		{"URLs without credentials", env("ZOOM_API_URL", srv.BaseURL()), "ZOOM_API_URL or ZOOM_TOKEN_URL is set but"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "results.csv")
			code, stdout, stderr := runCmd(t, tc.env, "-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", "../../examples/attendees.csv", "-out", out)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d and %q\nstdout:\n%s\nstderr:\n%s", code, exitUsage, tc.want, stdout, stderr)
			}
			if strings.Contains(stdout+stderr, "wrong-secret-value") || strings.Contains(stdout+stderr, "CodeRegistrationHasNotBeenEnabled") {
				t.Errorf("output shows the secret or calls a route miss a meeting error:\n%s\n%s", stdout, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a results file was written (%v)", err)
			}
		})
	}
}

// TestMeetingFlag: Zoom shows meeting IDs with spaces; 0 and text are
// errors said once, without the usage text around them.
func TestMeetingFlag(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCmd(t, env(), "-meeting", "857 4606 5432", "-in", "../../examples/attendees.csv", "-dry-run")
	if code != exitOK || !strings.Contains(stdout, "for meeting 85746065432 ") {
		t.Errorf("spaced ID: exit %d\n%s", code, stdout)
	}
	for _, bad := range []string{"0", "-5", "85746O65432", ""} {
		code, stdout, stderr := runCmd(t, env(), "-meeting", bad, "-in", "../../examples/attendees.csv", "-out", filepath.Join(t.TempDir(), "r.csv"))
		if code != exitUsage || strings.Count(stderr, "want Zoom's meeting ID") != 1 || strings.Contains(stderr, "-concurrency") || stdout != "" {
			t.Errorf("-meeting %q: exit %d\nstdout: %s\nstderr: %s", bad, code, stdout, stderr)
		}
	}
}

// TestHelp: -h prints the usage with every environment variable and exits 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCmd(t, env(), "-h")
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	for _, v := range envVars {
		if !strings.Contains(stderr, v.name) {
			t.Errorf("-h does not mention %s:\n%s", v.name, stderr)
		}
	}
	for _, want := range []string{"-meeting ID", "-journal", "Exit status: 0", "2 usage or setup error"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-h lacks %q:\n%s", want, stderr)
		}
	}
}

// TestEnvVarsDocumented: the variables a run reads are exactly the ones
// -h lists (the README test holds the README to the same list).
func TestEnvVarsDocumented(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	var (
		mu   sync.Mutex
		read = map[string]bool{}
	)
	base := mockEnv(srv)
	getenv := func(k string) string {
		mu.Lock()
		defer mu.Unlock()
		read[k] = true
		return base(k)
	}
	out := filepath.Join(t.TempDir(), "r.csv")
	if code, o, e := runCmd(t, getenv, "-in", "../../examples/attendees.csv", "-out", out, "-meeting", fmt.Sprint(zoomtest.MeetingScheduled)); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, o, e)
	}
	var got, documented []string
	for k := range read {
		got = append(got, k)
	}
	for _, v := range envVars {
		documented = append(documented, v.name)
	}
	sort.Strings(got)
	sort.Strings(documented)
	if !slices.Equal(got, documented) {
		t.Errorf("read %q, -h documents %q", got, documented)
	}
	// And nothing else in the package reads the environment behind run's back.
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`os\.(Getenv|LookupEnv)\("`).Find(src); m != nil {
		t.Errorf("main.go reads the environment directly: %s", m)
	}
}

// TestJournalFolderCreated: -journal bin/run.jsonl works when bin/ does
// not exist yet, as -out does.
func TestJournalFolderCreated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	jnl := filepath.Join(dir, "bin", "run.jsonl")
	code, stdout, stderr := runCmd(t, env(), "-in", "../../examples/attendees.csv", "-out", filepath.Join(dir, "out", "r.csv"), "-journal", jnl)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if fi, err := os.Stat(jnl); err != nil || fi.Size() == 0 {
		t.Errorf("journal: %v", err)
	}
}

// TestAPIPrefixIsTheMocks: the prefix setup errors name is the one
// zoom-mock serves under (the command cannot import the mock).
func TestAPIPrefixIsTheMocks(t *testing.T) {
	t.Parallel()
	if apiPrefix != zoomtest.APIPrefix {
		t.Errorf("apiPrefix %q, zoomtest.APIPrefix %q", apiPrefix, zoomtest.APIPrefix)
	}
}
