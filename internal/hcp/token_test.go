package hcp_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

func TestToken(t *testing.T) {
	const (
		terraformrc = `
plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"
provider_installation {
  direct {}
}
credentials "tfe.example.com" {
  token = "rc-other-host"
}
credentials "App.Terraform.io" {
  token = "rc-token"
}
`
		tfrcJSON = `{"credentials": {"app.terraform.io": {"token": "json-token"}, "127.0.0.1:8080": {"token": "json-port-token"}}}`
	)
	tests := []struct {
		name       string
		host       string
		env        map[string]string
		files      map[string]string // relative to home, or absolute via $CLI
		wantToken  string
		wantSource string
	}{
		{name: "TF_TOKEN for the host", host: "app.terraform.io",
			env:       map[string]string{"TF_TOKEN_app_terraform_io": "env-token", "TFE_TOKEN": "tfe"},
			files:     map[string]string{".terraformrc": terraformrc, ".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "env-token", wantSource: "TF_TOKEN_app_terraform_io"},
		{name: "dashes as double underscores", host: "tfe.my-corp.example.com",
			env:       map[string]string{"TF_TOKEN_tfe_my__corp_example_com": "dashed"},
			wantToken: "dashed", wantSource: "TF_TOKEN_tfe_my__corp_example_com"},
		{name: "host compared lowercased", host: "App.Terraform.IO",
			env:       map[string]string{"TF_TOKEN_app_terraform_io": "env-token"},
			wantToken: "env-token", wantSource: "TF_TOKEN_app_terraform_io"},
		{name: "TF_TOKEN of another host is not used", host: "app.terraform.io",
			env:       map[string]string{"TF_TOKEN_tfe_example_com": "other", "TFE_TOKEN": "tfe"},
			wantToken: "tfe", wantSource: "TFE_TOKEN"},
		{name: "~/.terraformrc before credentials.tfrc.json", host: "app.terraform.io",
			env:       map[string]string{"TFE_TOKEN": "tfe"},
			files:     map[string]string{".terraformrc": terraformrc, ".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "rc-token", wantSource: "~/.terraformrc"},
		{name: "TF_CLI_CONFIG_FILE replaces ~/.terraformrc", host: "app.terraform.io",
			env: map[string]string{"TF_CLI_CONFIG_FILE": "$HOME/custom.tfrc"},
			files: map[string]string{
				".terraformrc": terraformrc,
				"custom.tfrc":  `credentials "app.terraform.io" { token = "custom-token" }`,
			},
			wantToken: "custom-token", wantSource: "$HOME/custom.tfrc"},
		{name: "TF_CLI_CONFIG_FILE in JSON", host: "app.terraform.io",
			env:       map[string]string{"TF_CLI_CONFIG_FILE": "$HOME/cli.tfrc.json"},
			files:     map[string]string{"cli.tfrc.json": `{"credentials": {"app.terraform.io": {"token": "cli-json"}}}`},
			wantToken: "cli-json", wantSource: "$HOME/cli.tfrc.json"},
		{name: "TF_CLI_CONFIG_FILE without the host falls through", host: "app.terraform.io",
			env:       map[string]string{"TF_CLI_CONFIG_FILE": "$HOME/custom.tfrc"},
			files:     map[string]string{"custom.tfrc": `credentials "tfe.example.com" { token = "x" }`, ".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "json-token", wantSource: "credentials.tfrc.json"},
		{name: "unreadable CLI config falls through", host: "app.terraform.io",
			env:       map[string]string{"TFE_TOKEN": "tfe"},
			files:     map[string]string{".terraformrc": `credentials "app.terraform.io" { token = `},
			wantToken: "tfe", wantSource: "TFE_TOKEN"},
		{name: "credentials.tfrc.json", host: "app.terraform.io",
			env:       map[string]string{"TFE_TOKEN": "tfe"},
			files:     map[string]string{".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "json-token", wantSource: "credentials.tfrc.json"},
		{name: "host with a port", host: "127.0.0.1:8080",
			files:     map[string]string{".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "json-port-token", wantSource: "credentials.tfrc.json"},
		{name: "TFE_TOKEN last, for TFE_ADDRESS", host: "tfe.example.com",
			env:       map[string]string{"TFE_TOKEN": "tfe", "TFE_ADDRESS": "https://TFE.example.com/"},
			files:     map[string]string{".terraform.d/credentials.tfrc.json": tfrcJSON},
			wantToken: "tfe", wantSource: "TFE_TOKEN"},
		{name: "TFE_TOKEN for TFE_HOSTNAME", host: "tfe.example.com",
			env:       map[string]string{"TFE_TOKEN": "tfe", "TFE_HOSTNAME": "tfe.example.com"},
			wantToken: "tfe", wantSource: "TFE_TOKEN"},
		{name: "TFE_TOKEN is app.terraform.io's without TFE_ADDRESS", host: "tfe.example.com",
			env: map[string]string{"TFE_TOKEN": "tfe"}},
		{name: "TFE_TOKEN not for another port", host: "tfe.example.com:8443",
			env: map[string]string{"TFE_TOKEN": "tfe", "TFE_ADDRESS": "https://tfe.example.com"}},
		{name: "TFE_TOKEN not for another host", host: "other.example",
			env: map[string]string{"TFE_TOKEN": "tfe", "TFE_ADDRESS": "https://tfe.example.com"}},
		{name: "look-alike Unicode host gets no token", host: "аpp.terraform.io",
			env:   map[string]string{"TF_TOKEN_app_terraform_io": "env-token", "TFE_TOKEN": "tfe"},
			files: map[string]string{".terraformrc": terraformrc, ".terraform.d/credentials.tfrc.json": tfrcJSON}},
		{name: "full-width host is the host it spells", host: "ａpp.terraform.io",
			env:       map[string]string{"TF_TOKEN_app_terraform_io": "env-token"},
			wantToken: "env-token", wantSource: "TF_TOKEN_app_terraform_io"},
		{name: "credentials keys compare normalised", host: "bücher.example",
			files:     map[string]string{".terraform.d/credentials.tfrc.json": `{"credentials": {"xn--bcher-kva.example": {"token": "idna"}}}`},
			wantToken: "idna", wantSource: "credentials.tfrc.json"},
		{name: "none", host: "app.terraform.io",
			files: map[string]string{".terraformrc": `credentials "app.terraform.io" {}`}},
		{name: "empty TF_TOKEN is no token", host: "app.terraform.io",
			env:       map[string]string{"TF_TOKEN_app_terraform_io": " ", "TFE_TOKEN": "tfe"},
			wantToken: "tfe", wantSource: "TFE_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			for name, content := range tt.files {
				p := filepath.Join(home, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := hcptest.Env{Vars: map[string]string{}, Home: home}
			for k, v := range tt.env {
				env.Vars[k] = os.Expand(v, func(string) string { return home })
			}
			token, source := hcp.Token(tt.host, env)
			wantSource := os.Expand(tt.wantSource, func(string) string { return home })
			if token != tt.wantToken || source != wantSource {
				t.Errorf("Token(%q) = %q, %q; want %q, %q", tt.host, token, source, tt.wantToken, wantSource)
			}
		})
	}
}

// TestTokenNoHome: without a home directory only the environment counts.
func TestTokenNoHome(t *testing.T) {
	token, source := hcp.Token("app.terraform.io", hcptest.Env{Vars: map[string]string{"TFE_TOKEN": "tfe"}})
	if token != "tfe" || source != "TFE_TOKEN" {
		t.Errorf("got %q, %q", token, source)
	}
}

// TestLookupTokenSources runs a lookup with each source against the fake.
func TestLookupTokenSources(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	host := srv.URL[len("http://"):]
	tests := []struct {
		name  string
		env   map[string]string
		files map[string]string
	}{
		{"TFE_TOKEN", map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}, nil},
		{"CLI config", nil, map[string]string{".terraformrc": `credentials "` + host + `" { token = "` + srv.Token + `" }`}},
		{"credentials.tfrc.json", nil, map[string]string{".terraform.d/credentials.tfrc.json": `{"credentials": {"` + host + `": {"token": "` + srv.Token + `"}}}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			for name, content := range tt.files {
				p := filepath.Join(home, filepath.FromSlash(name))
				_ = os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := hcptest.Env{Vars: tt.env, Home: home}
			res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, env)
			if len(res.Workspaces) != 1 || len(res.Warnings) != 0 {
				t.Errorf("got %+v", res)
			}
		})
	}
}
