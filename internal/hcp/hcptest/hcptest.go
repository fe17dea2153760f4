// Package hcptest runs a fake HCP Terraform API for tests.
//
// The fake speaks the JSON:API documents the real API sends for the few
// endpoints eksauth reads, so tests exercise the real go-tfe client end to
// end: its decoding, pagination, retries and error mapping. It listens on
// 127.0.0.1 only and is closed when the test ends.
//
//	srv := hcptest.New(t)
//	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
//	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
//	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "aws", Global: true,
//		Vars: []hcptest.Var{{Key: "TFC_AWS_RUN_ROLE_ARN", Value: "arn:aws:iam::111122223333:role/tfc", Category: "env"}}})
//	srv.Fail(hcptest.VarsPath(id), hcptest.Status(500))
//
// # Pointing a client at the fake
//
// srv.URL is a complete address (http://127.0.0.1:PORT) with no path: give
// it to the eksauth plugin as `hcp_terraform { address = "<srv.URL>" }` or
// through the TFE_ADDRESS environment variable, and give srv.Token as the API
// token. The token cannot come from TF_TOKEN_<host> (an environment variable
// name cannot hold the ":PORT"), so use TFE_TOKEN with TFE_ADDRESS set to
// srv.URL (TFE_TOKEN belongs to TFE_ADDRESS's host only), or a
// `credentials "127.0.0.1:PORT" { token = "..." }` block in the file named
// by TF_CLI_CONFIG_FILE. Every endpoint except /api/v2/ping answers 401
// unless the request carries "Authorization: Bearer <srv.Token>".
package hcptest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Paths of the endpoints the fake serves, for Fail patterns and request
// logs. Fail patterns are path.Match patterns, so "*" stands for one path
// segment: Fail("/api/v2/workspaces/*/vars", ...) fails every workspace's
// variables.
const (
	PingPath = "/api/v2/ping"
)

// WorkspacePath is the path that reads one workspace by organization and name.
func WorkspacePath(org, name string) string {
	return "/api/v2/organizations/" + org + "/workspaces/" + name
}

// WorkspacesPath is the path that lists an organization's workspaces.
func WorkspacesPath(org string) string { return "/api/v2/organizations/" + org + "/workspaces" }

// VarsPath is the path that lists a workspace's own variables.
func VarsPath(workspaceID string) string { return "/api/v2/workspaces/" + workspaceID + "/vars" }

// VarsetsPath is the path that lists the variable sets applied to a workspace.
func VarsetsPath(workspaceID string) string {
	return "/api/v2/workspaces/" + workspaceID + "/varsets"
}

// Workspace describes a workspace to add to the fake.
type Workspace struct {
	Organization, Name string
	// ExecutionMode is "remote" (the default), "agent" or "local".
	ExecutionMode string
	// AgentPool is the agent pool ID of an agent-mode workspace.
	AgentPool string
	// Project is the project's name; "Default Project" when empty.
	Project string
	// Tags are the workspace's flat tags (the cloud block's list form).
	Tags []string
	// TagBindings are its key-value tags (the cloud block's map form).
	TagBindings map[string]string
	// WorkingDirectory is the directory, inside its configuration, the
	// workspace runs Terraform in.
	WorkingDirectory string
	// VCSRepo is the identifier ("org/repo") of a linked repository.
	VCSRepo string
	// NoCurrentConfigurationVersion leaves the current configuration
	// version out of the workspace, as older servers do.
	NoCurrentConfigurationVersion bool
}

// Var is a workspace variable or a variable in a variable set.
type Var struct {
	Key, Value string
	// Category is "terraform" (the default) or "env".
	Category string
	// Sensitive variables are stored but their value is never sent, as
	// the real API does.
	Sensitive, HCL bool
}

// VariableSet describes a variable set. It applies to a workspace when it
// is Global (organization-wide, or project-wide when Owner names a
// project), or lists the workspace's ID in Workspaces, or lists the
// workspace's project in Projects.
type VariableSet struct {
	Organization, Name string
	Global, Priority   bool
	// Owner is the name of the project that owns the set; "" means the
	// organization owns it.
	Owner string
	// Projects are names of projects the set is applied to.
	Projects []string
	// Workspaces are IDs (as AddWorkspace returns them) of workspaces the
	// set is applied to.
	Workspaces []string
	Vars       []Var
}

// Failure is how the fake answers a request that matches a Fail pattern.
type Failure struct {
	// Status answers with this HTTP status and a JSON:API error document.
	Status int
	// Hang never answers: the handler waits until the client gives up.
	Hang bool
	// Malformed answers 200 with a body that is not valid JSON.
	Malformed bool
	// After lets the first After matching requests through untouched,
	// to fail a later page of a listing.
	After int
	// Times limits the failure to Times matching requests (after After);
	// 0 means every one.
	Times int
}

// Status fails with an HTTP status code: 401, 404, 429 (with rate-limit
// headers, which go-tfe retries), 500, ...
func Status(code int) Failure { return Failure{Status: code} }

var (
	// Hang makes matching requests wait until the client gives up.
	Hang = Failure{Hang: true}
	// Malformed makes matching requests answer 200 with broken JSON.
	Malformed = Failure{Malformed: true}
)

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the address to give a client: http://127.0.0.1:PORT.
	URL string
	// Token is the bearer token the fake accepts. It is random per server.
	Token string

	srv    *httptest.Server
	closed chan struct{}

	mu         sync.Mutex
	nextID     int
	pageSize   int
	workspaces []*workspace
	projects   map[string]*project // org + "\x00" + name
	varsets    []*varset
	failures   []*failure
	noInclude  bool
	log        []string
	pings      int
}

type workspace struct {
	Workspace
	id      string
	project *project
	vars    []variable
	// configVersions are newest first; current is the workspace's
	// current one, or nil.
	configVersions []*configVersion
	current        *configVersion
}

type project struct{ id, org, name string }

type variable struct {
	Var
	id string
}

type varset struct {
	VariableSet
	id   string
	vars []variable
}

type failure struct {
	pattern string
	Failure
	seen int
}

// New starts a fake on 127.0.0.1 and closes it when t ends.
func New(t testing.TB) *Server {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	s := &Server{
		Token:    "hcptest." + hex.EncodeToString(b),
		closed:   make(chan struct{}),
		projects: map[string]*project{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(func() {
		close(s.closed)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

func (s *Server) newID(prefix string) string {
	s.nextID++
	return fmt.Sprintf("%s-hcptest%08d", prefix, s.nextID)
}

func (s *Server) project(org, name string) *project {
	if name == "" {
		name = "Default Project"
	}
	k := org + "\x00" + name
	p, ok := s.projects[k]
	if !ok {
		p = &project{id: s.newID("prj"), org: org, name: name}
		s.projects[k] = p
	}
	return p
}

// AddWorkspace adds a workspace and returns its ID.
func (s *Server) AddWorkspace(w Workspace) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.ExecutionMode == "" {
		w.ExecutionMode = "remote"
	}
	ws := &workspace{Workspace: w, id: s.newID("ws"), project: s.project(w.Organization, w.Project)}
	s.workspaces = append(s.workspaces, ws)
	return ws.id
}

// AddVariable adds a variable to the workspace with the given ID.
func (s *Server) AddVariable(workspaceID string, v Var) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ws := range s.workspaces {
		if ws.id == workspaceID {
			ws.vars = append(ws.vars, variable{Var: v, id: s.newID("var")})
			return
		}
	}
	panic("hcptest: AddVariable: no workspace " + workspaceID)
}

// AddVariableSet adds a variable set and returns its ID.
func (s *Server) AddVariableSet(vs VariableSet) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := &varset{VariableSet: vs, id: s.newID("varset")}
	for _, v := range vs.Vars {
		set.vars = append(set.vars, variable{Var: v, id: s.newID("var")})
	}
	for _, p := range vs.Projects {
		s.project(vs.Organization, p)
	}
	if vs.Owner != "" {
		s.project(vs.Organization, vs.Owner)
	}
	s.varsets = append(s.varsets, set)
	return set.id
}

// SetPageSize caps the page size of every list, to force pagination.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// IgnoreInclude makes the fake ignore the include query parameter, as a
// server that predates it would: variable sets then name their variables
// by ID only.
func (s *Server) IgnoreInclude() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noInclude = true
}

// Fail makes requests whose URL path matches pattern (path.Match syntax)
// fail as f says. Later calls take precedence over earlier ones.
func (s *Server) Fail(pattern string, f Failure) {
	if _, err := path.Match(pattern, "/"); err != nil {
		panic("hcptest: Fail: bad pattern " + pattern)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append([]*failure{{pattern: pattern, Failure: f}}, s.failures...)
}

// Requests is the number of requests the fake has received, pings
// included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// Pings is the number of requests to /api/v2/ping (go-tfe's NewClient
// sends one per client).
func (s *Server) Pings() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pings
}

// Log lists the requests received, as "GET /path?query".
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

const contentType = "application/vnd.api+json"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	entry := r.Method + " " + r.URL.Path
	if r.URL.RawQuery != "" {
		entry += "?" + r.URL.RawQuery
	}
	s.log = append(s.log, entry)
	if r.URL.Path == PingPath {
		s.pings++
	}
	var fail *Failure
	for _, f := range s.failures {
		if ok, _ := path.Match(f.pattern, r.URL.Path); ok {
			f.seen++
			if f.seen > f.After && (f.Times == 0 || f.seen <= f.After+f.Times) {
				fail = &f.Failure
			}
			break
		}
	}
	s.mu.Unlock()

	if fail != nil {
		s.fail(w, r, *fail)
		return
	}
	s.mu.Lock()
	archive := s.serveArchive(w, r)
	s.mu.Unlock()
	if archive {
		return
	}
	if r.URL.Path == PingPath {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("TFP-API-Version", "2.6")
		w.Header().Set("TFP-AppName", "HCP Terraform")
		w.Header().Set("X-RateLimit-Limit", "30")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeError(w, http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodGet {
		writeError(w, http.StatusMethodNotAllowed)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v2/"), "/")
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noInclude {
		q.Del("include")
	}
	var doc any
	switch {
	case len(parts) == 4 && parts[0] == "organizations" && parts[2] == "workspaces":
		doc = s.readWorkspace(parts[1], parts[3], q)
	case len(parts) == 3 && parts[0] == "organizations" && parts[2] == "workspaces":
		doc = s.listWorkspaces(parts[1], q)
	case len(parts) == 3 && parts[0] == "workspaces" && parts[2] == "vars":
		doc = s.listVars(parts[1], q)
	case len(parts) == 3 && parts[0] == "workspaces" && parts[2] == "varsets":
		doc = s.listVarsets(parts[1], q)
	case len(parts) == 3 && parts[0] == "workspaces" && parts[2] == "configuration-versions":
		doc = s.listConfigVersions(parts[1], q)
	case len(parts) == 2 && parts[0] == "configuration-versions":
		doc = s.readConfigVersion(parts[1])
	case len(parts) == 3 && parts[0] == "configuration-versions" && parts[2] == "download":
		if s.download(w, r, parts[1]) {
			return
		}
	}
	if doc == nil {
		// The real API answers 404 both for what does not exist and for
		// what the token may not see.
		writeError(w, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	writeJSON(w, doc)
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, f Failure) {
	switch {
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
	case f.Malformed:
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data": {"id": "ws-1", "type": "workspaces", "attributes": {"name": `))
	default:
		if f.Status == http.StatusTooManyRequests {
			w.Header().Set("X-RateLimit-Limit", "30")
			w.Header().Set("X-RateLimit-Reset", "0.05")
		}
		writeError(w, f.Status)
	}
}

func writeError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	writeJSON(w, obj{"errors": []obj{{"status": strconv.Itoa(status), "title": strings.ToLower(http.StatusText(status))}}})
}

func (s *Server) findWorkspace(org, name string) *workspace {
	for _, ws := range s.workspaces {
		if ws.Organization == org && ws.Name == name {
			return ws
		}
	}
	return nil
}

func (s *Server) workspaceByID(id string) *workspace {
	for _, ws := range s.workspaces {
		if ws.id == id {
			return ws
		}
	}
	return nil
}

func includes(q url.Values, what string) bool {
	for _, inc := range strings.Split(q.Get("include"), ",") {
		if strings.TrimSpace(inc) == what {
			return true
		}
	}
	return false
}

func (s *Server) readWorkspace(org, name string, q url.Values) any {
	ws := s.findWorkspace(org, name)
	if ws == nil {
		return nil
	}
	doc := obj{"data": workspaceResource(ws)}
	var included []obj
	if includes(q, "project") {
		included = append(included, projectResource(ws.project))
	}
	if includes(q, "current_configuration_version") && ws.current != nil && !ws.NoCurrentConfigurationVersion {
		included = append(included, configVersionResource(ws.current))
	}
	if included != nil {
		doc["included"] = included
	}
	return doc
}

func (s *Server) listWorkspaces(org string, q url.Values) any {
	var match []*workspace
	search := strings.ToLower(q.Get("search[name]"))
	var tags []string
	if t := q.Get("search[tags]"); t != "" {
		tags = strings.Split(t, ",")
	}
	bindings := map[string]string{}
	for i := 0; ; i++ {
		k := q.Get(fmt.Sprintf("filter[tagged][%d][key]", i))
		if k == "" {
			break
		}
		bindings[k] = q.Get(fmt.Sprintf("filter[tagged][%d][value]", i))
	}
	projectID := q.Get("filter[project][id]")
	for _, ws := range s.workspaces {
		if ws.Organization != org {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(ws.Name), search) {
			continue
		}
		if projectID != "" && ws.project.id != projectID {
			continue
		}
		if !hasTags(ws, tags) || !hasBindings(ws, bindings) {
			continue
		}
		match = append(match, ws)
	}
	sort.Slice(match, func(i, j int) bool { return match[i].Name < match[j].Name })
	page, meta := s.paginate(len(match), q)
	data := []obj{}
	seen := map[string]bool{}
	var included []obj
	for _, ws := range match[page[0]:page[1]] {
		data = append(data, workspaceResource(ws))
		if includes(q, "project") && !seen[ws.project.id] {
			seen[ws.project.id] = true
			included = append(included, projectResource(ws.project))
		}
	}
	doc := obj{"data": data, "meta": meta, "links": obj{"self": WorkspacesPath(org)}}
	if included != nil {
		doc["included"] = included
	}
	return doc
}

// hasTags says whether a workspace carries every tag: a flat tag of that
// name or, as the real API also matches, a key-value tag with that key.
func hasTags(ws *workspace, tags []string) bool {
	for _, t := range tags {
		found := false
		for _, have := range ws.Tags {
			found = found || have == t
		}
		if _, ok := ws.TagBindings[t]; ok {
			found = true
		}
		if !found {
			return false
		}
	}
	return true
}

func hasBindings(ws *workspace, bindings map[string]string) bool {
	for k, v := range bindings {
		have, ok := ws.TagBindings[k]
		if !ok || (v != "" && have != v) {
			return false
		}
	}
	return true
}

func (s *Server) listVars(wsID string, q url.Values) any {
	ws := s.workspaceByID(wsID)
	if ws == nil {
		return nil
	}
	page, meta := s.paginate(len(ws.vars), q)
	data := []obj{}
	for _, v := range ws.vars[page[0]:page[1]] {
		r := varResource(v)
		r["relationships"] = obj{"configurable": obj{
			"data":  obj{"id": ws.id, "type": "workspaces"},
			"links": obj{"related": WorkspacePath(ws.Organization, ws.Name)},
		}}
		r["links"] = obj{"self": VarsPath(ws.id) + "/" + v.id}
		data = append(data, r)
	}
	return obj{"data": data, "meta": meta}
}

// applies says whether a variable set reaches a workspace.
func (s *Server) applies(set *varset, ws *workspace) bool {
	if set.Organization != ws.Organization {
		return false
	}
	if set.Global && (set.Owner == "" || set.Owner == ws.project.name) {
		return true
	}
	for _, id := range set.Workspaces {
		if id == ws.id {
			return true
		}
	}
	for _, p := range set.Projects {
		if p == ws.project.name {
			return true
		}
	}
	return false
}

func (s *Server) listVarsets(wsID string, q url.Values) any {
	ws := s.workspaceByID(wsID)
	if ws == nil {
		return nil
	}
	var sets []*varset
	for _, set := range s.varsets {
		if s.applies(set, ws) {
			sets = append(sets, set)
		}
	}
	page, meta := s.paginate(len(sets), q)
	data := []obj{}
	var included []obj
	for _, set := range sets[page[0]:page[1]] {
		data = append(data, s.varsetResource(set))
		if includes(q, "vars") {
			for _, v := range set.vars {
				r := varResource(v)
				r["relationships"] = obj{"varset": obj{"data": obj{"id": set.id, "type": "varsets"}}}
				included = append(included, r)
			}
		}
	}
	doc := obj{"data": data, "meta": meta}
	if included != nil {
		doc["included"] = included
	}
	return doc
}

// paginate picks the page the query asks for out of n items and returns
// its bounds and the pagination meta object the real API sends.
func (s *Server) paginate(n int, q url.Values) ([2]int, obj) {
	size := 20
	if v, err := strconv.Atoi(q.Get("page[size]")); err == nil && v > 0 {
		size = min(v, 100)
	}
	if s.pageSize > 0 {
		size = min(size, s.pageSize)
	}
	number := 1
	if v, err := strconv.Atoi(q.Get("page[number]")); err == nil && v > 0 {
		number = v
	}
	pages := max((n+size-1)/size, 1)
	from := min((number-1)*size, n)
	to := min(from+size, n)
	p := obj{
		"current-page": number, "page-size": size,
		"prev-page": nil, "next-page": nil,
		"total-pages": pages, "total-count": n,
	}
	if number > 1 {
		p["prev-page"] = number - 1
	}
	if number < pages {
		p["next-page"] = number + 1
	}
	return [2]int{from, to}, obj{"pagination": p}
}
