package hcp

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// Env is what Lookup and Token read from the process: environment
// variables and the home directory. Tests pass their own so they never see
// the real environment or the user's credentials.
type Env interface {
	Getenv(key string) string
	HomeDir() (string, error)
}

// OSEnv is the process's environment.
type OSEnv struct{}

// Getenv calls os.Getenv.
func (OSEnv) Getenv(key string) string { return os.Getenv(key) }

// HomeDir calls os.UserHomeDir.
func (OSEnv) HomeDir() (string, error) { return os.UserHomeDir() }

// Token finds the API token for host (a hostname, with ":port" if the
// address has one) the way Terraform does, so eksauth authenticates
// wherever `terraform plan` would:
//
//  1. TF_TOKEN_<host>, with dots written as "_" and dashes as "__"
//     (TF_TOKEN_app_terraform_io);
//  2. a credentials "<host>" { token = "..." } block in the CLI
//     configuration file: TF_CLI_CONFIG_FILE, else ~/.terraformrc
//     (%APPDATA%\terraform.rc on Windows);
//  3. ~/.terraform.d/credentials.tfrc.json, which `terraform login` writes;
//  4. TFE_TOKEN, go-tfe's own variable, only when host is the host of
//     TFE_ADDRESS (else https://TFE_HOSTNAME, else app.terraform.io), the
//     address go-tfe pairs it with.
//
// It returns the token and where it came from ("TF_TOKEN_app_terraform_io",
// "~/.terraformrc" or the TF_CLI_CONFIG_FILE path, "credentials.tfrc.json",
// "TFE_TOKEN"), or two empty strings. The source is safe to print; the
// token never is. Host names compare as Terraform compares them, after
// NormalizeHost (IDNA, lower case): a token is found only for the host it
// was written for. Credentials helpers are not run.
func Token(host string, env Env) (token, source string) {
	host, err := NormalizeHost(host, "")
	if err != nil {
		return "", ""
	}
	name := tokenEnvName(host)
	if t := strings.TrimSpace(env.Getenv(name)); t != "" {
		return t, name
	}
	home, homeErr := env.HomeDir()
	if homeErr != nil {
		home = ""
	}
	cliConfig, cliSource := env.Getenv("TF_CLI_CONFIG_FILE"), ""
	switch {
	case cliConfig != "":
		cliSource = cliConfig
	case runtime.GOOS == "windows" && env.Getenv("APPDATA") != "":
		cliConfig, cliSource = filepath.Join(env.Getenv("APPDATA"), "terraform.rc"), `%APPDATA%\terraform.rc`
	case home != "":
		cliConfig, cliSource = filepath.Join(home, ".terraformrc"), "~/.terraformrc"
	}
	if cliConfig != "" {
		if t := cliConfigToken(cliConfig, host); t != "" {
			return t, cliSource
		}
	}
	credDir := ""
	switch {
	case runtime.GOOS == "windows" && env.Getenv("APPDATA") != "":
		credDir = filepath.Join(env.Getenv("APPDATA"), "terraform.d")
	case home != "":
		credDir = filepath.Join(home, ".terraform.d")
	}
	if credDir != "" {
		if t := credentialsFileToken(filepath.Join(credDir, "credentials.tfrc.json"), host); t != "" {
			return t, "credentials.tfrc.json"
		}
	}
	if t := strings.TrimSpace(env.Getenv("TFE_TOKEN")); t != "" && host == tfeTokenHost(env) {
		return t, "TFE_TOKEN"
	}
	return "", ""
}

// tfeTokenHost is the host go-tfe sends TFE_TOKEN to: TFE_ADDRESS's, else
// TFE_HOSTNAME, else app.terraform.io's. "" when that is unusable.
func tfeTokenHost(env Env) string {
	addr := env.Getenv("TFE_ADDRESS")
	if addr == "" {
		addr = DefaultAddress
		if h := env.Getenv("TFE_HOSTNAME"); h != "" {
			addr = "https://" + h
		}
	}
	if !strings.Contains(addr, "://") {
		addr = "https://" + addr
	}
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return ""
	}
	host, err := NormalizeHost(u.Host, u.Scheme)
	if err != nil {
		return ""
	}
	return host
}

// sameHost compares a host name written in a credentials file with the
// normalised host a token is looked up for.
func sameHost(written, host string) bool {
	w, err := NormalizeHost(written, "")
	return err == nil && w == host
}

// tokenEnvName is the environment variable Terraform reads a host's token
// from: TF_TOKEN_ and the host with "-" written as "__" and "." as "_".
// A host with a port has no such variable (":" cannot be written).
func tokenEnvName(host string) string {
	host = strings.ToLower(host)
	return "TF_TOKEN_" + strings.ReplaceAll(strings.ReplaceAll(host, "-", "__"), ".", "_")
}

// cliConfigToken reads the token of a credentials "host" block. The CLI
// configuration is HCL 1 (or JSON); the native HCL 2 parser reads the
// credentials blocks of every configuration in practice, and a file it
// cannot read gives no token rather than an error, as a file Terraform
// cannot read gives only a warning.
func cliConfigToken(path, host string) string {
	src, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var file *hcl.File
	if strings.HasSuffix(path, ".json") {
		file, _ = hcljson.Parse(src, path)
	} else {
		file, _ = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	}
	if file == nil || file.Body == nil {
		return ""
	}
	content, _, _ := file.Body.PartialContent(&hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{{Type: "credentials", LabelNames: []string{"host"}}},
	})
	if content == nil {
		return ""
	}
	for _, b := range content.Blocks {
		if !sameHost(b.Labels[0], host) {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		a, ok := attrs["token"]
		if !ok {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
			continue
		}
		if t := strings.TrimSpace(v.AsString()); t != "" {
			return t
		}
	}
	return ""
}

// credentialsFileToken reads the file `terraform login` writes:
// {"credentials": {"host": {"token": "..."}}}.
func credentialsFileToken(path, host string) string {
	src, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var f struct {
		Credentials map[string]struct {
			Token string `json:"token"`
		} `json:"credentials"`
	}
	if json.Unmarshal(src, &f) != nil {
		return ""
	}
	for h, c := range f.Credentials {
		if sameHost(h, host) && strings.TrimSpace(c.Token) != "" {
			return strings.TrimSpace(c.Token)
		}
	}
	return ""
}
