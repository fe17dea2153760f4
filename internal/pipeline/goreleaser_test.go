package pipeline

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/project"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/ruleset"
)

// modulePath is this repository's Go module, which is also the plugin's
// source address for `tflint --init` (github.com/OWNER/REPO).
const modulePath = "github.com/eksauth/tflint-ruleset-eksauth"

// officialPlatforms are the GOOS_GOARCH pairs the official rulesets
// (tflint-ruleset-aws, tflint-ruleset-terraform) and tflint itself release.
var officialPlatforms = []string{
	"darwin_amd64", "darwin_arm64",
	"linux_386", "linux_amd64", "linux_arm", "linux_arm64",
	"windows_386", "windows_amd64",
}

// tflintAssetName is the asset `tflint --init` downloads for a platform
// (tflint v0.64.0 plugin/install.go, InstallConfig.AssetName).
func tflintAssetName(plugin, goos, goarch string) string {
	return fmt.Sprintf("tflint-ruleset-%s_%s_%s.zip", plugin, goos, goarch)
}

// tflintChecksums is the checksum file `tflint --init` downloads and
// verifies (the attestation's subject).
const tflintChecksums = "checksums.txt"

type goreleaserConfig struct {
	Version     int        `json:"version"`
	ProjectName string     `json:"project_name"`
	Env         stringList `json:"env"`
	Builds      []struct {
		ID      string     `json:"id"`
		Main    string     `json:"main"`
		Binary  string     `json:"binary"`
		Targets []string   `json:"targets"`
		Goos    []string   `json:"goos"`
		Goarch  []string   `json:"goarch"`
		Env     stringList `json:"env"`
		Flags   stringList `json:"flags"`
		Ldflags stringList `json:"ldflags"`
		Skip    any        `json:"skip"`
	} `json:"builds"`
	Archives []struct {
		ID              string     `json:"id"`
		IDs             []string   `json:"ids"`
		Builds          []string   `json:"builds"`
		Format          string     `json:"format"`
		Formats         stringList `json:"formats"`
		FormatOverrides []struct {
			Goos    string     `json:"goos"`
			Format  string     `json:"format"`
			Formats stringList `json:"formats"`
		} `json:"format_overrides"`
		NameTemplate    string `json:"name_template"`
		WrapInDirectory any    `json:"wrap_in_directory"`
		Meta            bool   `json:"meta"`
		Files           []any  `json:"files"`
	} `json:"archives"`
	Checksum struct {
		NameTemplate string `json:"name_template"`
		Algorithm    string `json:"algorithm"`
		Disable      any    `json:"disable"`
		Split        bool   `json:"split"`
	} `json:"checksum"`
	Release struct {
		GitHub struct {
			Owner string `json:"owner"`
			Name  string `json:"name"`
		} `json:"github"`
	} `json:"release"`
}

// TestGoreleaserAssetNames checks .goreleaser.yml against what `tflint
// --init` downloads: for every platform built, an archive
// tflint-ruleset-eksauth_<GOOS>_<GOARCH>.zip holding the binary
// tflint-ruleset-eksauth at its root, and checksums.txt; and a static build
// (CGO_ENABLED=0) with sane flags, for the platforms the official rulesets
// ship.
func TestGoreleaserAssetNames(t *testing.T) {
	root := repoRoot(t)
	var cfg goreleaserConfig
	decodeYAML(t, filepath.Join(root, ".goreleaser.yml"), &cfg)

	plugin := strings.TrimPrefix(e2e.PluginBinary, "tflint-ruleset-")
	if plugin != ruleset.Name {
		t.Fatalf("binary %s does not carry the ruleset name %s", e2e.PluginBinary, ruleset.Name)
	}
	if cfg.Version != 2 {
		t.Errorf("version: %d, want 2 (GoReleaser v2 configuration)", cfg.Version)
	}
	if cfg.ProjectName != e2e.PluginBinary {
		t.Errorf("project_name: %q, want %q (the archive names start with it)", cfg.ProjectName, e2e.PluginBinary)
	}
	if o, n := cfg.Release.GitHub.Owner, cfg.Release.GitHub.Name; o != "" || n != "" {
		if o+"/"+n != strings.TrimPrefix(modulePath, "github.com/") {
			t.Errorf("release.github: %s/%s, want the plugin's source repository %s", o, n, modulePath)
		}
	}

	// The build.
	if len(cfg.Builds) != 1 {
		t.Fatalf("builds: %d, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Binary != e2e.PluginBinary {
		t.Errorf("builds[0].binary: %q, want %q (tflint runs [plugin dir]/.../tflint-ruleset-eksauth)", b.Binary, e2e.PluginBinary)
	}
	if b.Main != "" && b.Main != "." && b.Main != "./" {
		t.Errorf("builds[0].main: %q, want the module root (main.go)", b.Main)
	}
	if b.Skip != nil && b.Skip != false {
		t.Errorf("builds[0].skip: %v", b.Skip)
	}
	if len(b.Goos) > 0 || len(b.Goarch) > 0 {
		t.Errorf("builds[0] uses goos/goarch; list the platforms as targets")
	}
	checkCGODisabled(t, cfg.Env, b.Env)
	if !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("builds[0].flags: %v, want -trimpath (no build machine paths in the binary)", b.Flags)
	}
	checkLdflags(t, root, b.Ldflags)
	targets := slices.Clone(b.Targets)
	slices.Sort(targets)
	want := slices.Clone(officialPlatforms)
	slices.Sort(want)
	if !slices.Equal(targets, want) {
		t.Errorf("builds[0].targets: %v, want the official rulesets' platforms %v", targets, want)
	}
	checkGoPlatforms(t, targets)

	// The archives.
	if len(cfg.Archives) != 1 {
		t.Fatalf("archives: %d, want 1 (one zip per platform)", len(cfg.Archives))
	}
	a := cfg.Archives[0]
	if ids := append(slices.Clone(a.IDs), a.Builds...); len(ids) > 0 && !slices.Contains(ids, b.ID) {
		t.Errorf("archives[0] packs builds %v, not %q", ids, b.ID)
	}
	formats := a.Formats
	if a.Format != "" {
		formats = append(formats, a.Format)
	}
	if !slices.Equal(formats, []string{"zip"}) {
		t.Errorf("archives[0] formats: %v, want exactly zip", formats)
	}
	for _, o := range a.FormatOverrides {
		if f := append(slices.Clone(o.Formats), o.Format); slices.ContainsFunc(f, func(s string) bool { return s != "" && s != "zip" }) {
			t.Errorf("archives[0].format_overrides: %s gets %v; tflint only reads zip", o.Goos, f)
		}
	}
	if a.WrapInDirectory != nil && a.WrapInDirectory != false && a.WrapInDirectory != "false" {
		t.Errorf("archives[0].wrap_in_directory: %v; tflint looks for the binary at the root of the zip", a.WrapInDirectory)
	}
	if a.Meta {
		t.Errorf("archives[0].meta: true makes archives without the binary")
	}
	checkArchiveFiles(t, root, a.Files)

	names := map[string]string{}
	for _, target := range b.Targets {
		parts := strings.Split(target, "_")
		if len(parts) < 2 || len(parts) > 3 {
			t.Errorf("target %q is not GOOS_GOARCH[_VARIANT]", target)
			continue
		}
		goos, goarch := parts[0], parts[1]
		got, err := renderArchiveName(a.NameTemplate, cfg.ProjectName, b.Binary, target)
		if err != nil {
			t.Errorf("archives[0].name_template %q for %s: %v", a.NameTemplate, target, err)
			continue
		}
		got += ".zip"
		if want := tflintAssetName(plugin, goos, goarch); got != want {
			t.Errorf("%s: the archive is %s; tflint --init downloads %s", target, got, want)
		}
		if prev, dup := names[got]; dup {
			t.Errorf("%s and %s both make %s", prev, target, got)
		}
		names[got] = target
	}

	// The checksums.
	if cfg.Checksum.NameTemplate != tflintChecksums {
		t.Errorf("checksum.name_template: %q, want %s", cfg.Checksum.NameTemplate, tflintChecksums)
	}
	if alg := cfg.Checksum.Algorithm; alg != "" && alg != "sha256" {
		t.Errorf("checksum.algorithm: %q; tflint checks sha256", alg)
	}
	if d := cfg.Checksum.Disable; d != nil && d != false {
		t.Errorf("checksum.disable: %v; tflint needs checksums.txt", d)
	}
	if cfg.Checksum.Split {
		t.Errorf("checksum.split: true; tflint needs one checksums.txt")
	}

	checkInstallerSource(t, root)
}

// checkCGODisabled wants CGO_ENABLED=0 for the build (a static binary runs on
// any machine of its platform) and no later CGO_ENABLED overriding it.
func checkCGODisabled(t *testing.T, global, build []string) {
	t.Helper()
	value := ""
	for _, e := range append(slices.Clone(global), build...) {
		if v, ok := strings.CutPrefix(e, "CGO_ENABLED="); ok {
			value = v
		}
	}
	if value != "0" {
		t.Errorf("env: CGO_ENABLED is %q for the build, want 0 (env %v, builds[0].env %v)", value, global, build)
	}
}

// checkLdflags accepts -s and -w, and -X only for a string variable of this
// module: -X silently does nothing for a constant (project.Version is one)
// or a missing name.
func checkLdflags(t *testing.T, root string, ldflags []string) {
	t.Helper()
	// GoReleaser renders templates before it splits the flags.
	joined := regexp.MustCompile(`\{\{.*?\}\}`).ReplaceAllString(strings.Join(ldflags, " "), "TEMPLATE")
	fields := strings.Fields(joined)
	for i := 0; i < len(fields); i++ {
		switch f := fields[i]; {
		case f == "-s" || f == "-w":
		case f == "-X" || strings.HasPrefix(f, "-X="):
			def := strings.TrimPrefix(f, "-X=")
			if f == "-X" {
				if i+1 == len(fields) {
					t.Errorf("ldflags: -X without a value")
					return
				}
				i++
				def = fields[i]
			}
			checkXFlag(t, root, def)
		default:
			t.Errorf("ldflags: %q; want only -s, -w and -X for variables of this module (a static, reproducible build)", f)
		}
	}
}

func checkXFlag(t *testing.T, root, def string) {
	t.Helper()
	sym, _, ok := strings.Cut(def, "=")
	dot := strings.LastIndexByte(sym, '.')
	if !ok || dot < 0 {
		t.Errorf("ldflags: -X %s is not importpath.name=value", def)
		return
	}
	pkg, name := sym[:dot], sym[dot+1:]
	var dir string
	switch {
	case pkg == "main":
		dir = root
	case pkg == modulePath || strings.HasPrefix(pkg, modulePath+"/"):
		dir = filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(pkg, modulePath), "/")))
	default:
		t.Errorf("ldflags: -X %s sets a variable outside this module", def)
		return
	}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Errorf("ldflags: -X %s: %v", def, err)
		return
	}
	kind := ""
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("ldflags: -X %s: %v", def, err)
			return
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range g.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for _, n := range vs.Names {
					if n.Name == name {
						kind = g.Tok.String()
					}
				}
			}
		}
	}
	switch kind {
	case "var":
	case "":
		t.Errorf("ldflags: -X %s: %s has no package-level %s; the flag would do nothing", def, pkg, name)
	default:
		t.Errorf("ldflags: -X %s: %s.%s is a %s; -X only sets variables, so the flag would do nothing", def, pkg, name, kind)
	}
}

// checkArchiveFiles wants an archive holding the binary alone: every glob
// in files must match nothing (GoReleaser adds README and LICENSE files
// when files is empty).
func checkArchiveFiles(t *testing.T, root string, files []any) {
	t.Helper()
	if len(files) == 0 {
		t.Errorf("archives[0].files is empty: GoReleaser then adds README*, LICENSE*...; use a glob that matches nothing (none*) for the binary alone")
		return
	}
	for _, f := range files {
		glob, ok := f.(string)
		if !ok {
			m, _ := f.(map[string]any)
			glob, _ = m["src"].(string)
		}
		matches, err := filepath.Glob(filepath.Join(root, glob))
		if err != nil || len(matches) > 0 {
			t.Errorf("archives[0].files: %q adds %v to the archive; the binary alone is wanted", glob, matches)
		}
	}
}

// renderArchiveName renders an archive name_template as GoReleaser does for
// a target, with the fields a name template may use.
func renderArchiveName(tmpl, projectName, binary, target string) (string, error) {
	parts := strings.Split(target, "_")
	goos, goarch, variant := parts[0], parts[1], ""
	if len(parts) == 3 {
		variant = parts[2]
	}
	data := map[string]any{
		"ProjectName": projectName, "Binary": binary,
		"Os": goos, "Arch": goarch,
		"Arm": "", "Arm64": "", "Amd64": "", "I386": "", "Mips": "",
		"Version": project.Version, "Tag": "v" + project.Version, "RawVersion": project.Version,
	}
	defaults := map[string][2]string{"arm": {"Arm", "6"}, "arm64": {"Arm64", "v8.0"}, "amd64": {"Amd64", "v1"}, "386": {"I386", "sse2"}}
	if d, ok := defaults[goarch]; ok {
		data[d[0]] = d[1]
		if variant != "" {
			data[d[0]] = variant
		}
	}
	tpl, err := template.New("name_template").Option("missingkey=error").Funcs(template.FuncMap{
		"tolower": strings.ToLower, "toupper": strings.ToUpper,
		"replace": strings.ReplaceAll, "trimprefix": strings.TrimPrefix, "trimsuffix": strings.TrimSuffix,
	}).Parse(tmpl)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	if err := tpl.Execute(&out, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

// checkGoPlatforms checks that the Go toolchain knows every target.
func checkGoPlatforms(t *testing.T, targets []string) {
	t.Helper()
	res := command(t, time.Minute, os.TempDir(), nil, "go", "tool", "dist", "list")
	if res.Code != 0 {
		t.Fatalf("go tool dist list: exit %d\n%s", res.Code, indent(res.Output))
	}
	known := strings.Fields(res.Output)
	for _, target := range targets {
		parts := strings.Split(target, "_")
		if len(parts) < 2 || !slices.Contains(known, parts[0]+"/"+parts[1]) {
			t.Errorf("target %s: Go does not build %v", target, parts)
		}
	}
}

// checkInstallerSource reads the pinned tflint's installer from the Go
// module cache, where scripts/install-tflint.sh put it, and checks that it
// still asks for the names this test expects. tflint built elsewhere (a
// binary given through EKSAUTH_TFLINT) may have left no source: the check is
// then logged as not done.
func checkInstallerSource(t *testing.T, root string) {
	t.Helper()
	version := pinnedVersion(t, "scripts/install-tflint.sh", "TFLINT_VERSION")
	res := command(t, time.Minute, root, nil, "go", "env", "GOMODCACHE")
	dir := filepath.Join(strings.TrimSpace(res.Output), "github.com", "terraform-linters", "tflint@v"+version, "plugin")
	src, err := os.ReadFile(filepath.Join(dir, "install.go"))
	if err != nil {
		t.Logf("tflint %s's source is not in the module cache (%v); asset names checked against the copy of its convention in this test", version, err)
		return
	}
	for what, code := range map[string]string{
		"the asset name":                  `fmt.Sprintf("tflint-ruleset-%s_%s_%s.zip", c.Name, runtime.GOOS, runtime.GOARCH)`,
		"the checksum file":               `assets["checksums.txt"]`,
		"the release tag":                 `fmt.Sprintf("v%s", c.Version)`,
		"the binary name":                 `fmt.Sprintf("tflint-ruleset-%s", c.Name)`,
		"the binary at the zip's root":    `f.Name != filepath.Base(savePath)`,
		"attestations by checksum digest": `c.fetchArtifactAttestations(ctx, client, checksum)`,
	} {
		if !strings.Contains(string(src), code) {
			t.Errorf("tflint %s's installer (%s) no longer has %s as `%s`: recheck .goreleaser.yml and this test", version, dir, what, code)
		}
	}
	t.Logf("checked against tflint %s's installer in %s", version, dir)
}
