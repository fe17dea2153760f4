package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Want is one expected issue: a RULE "REGEXP" pair of a want comment.
type Want struct {
	File    string // slash-separated, relative to the scenario directory
	Line    int
	Rule    string
	Pattern *regexp.Regexp
}

func (w Want) String() string {
	return fmt.Sprintf("%s:%d: %s %s", w.File, w.Line, w.Rule, strconv.Quote(w.Pattern.String()))
}

// wantFile reports whether name may carry want comments.
func wantFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tf.json")
}

// ParseWants reads the want comments of every .tf and .tfvars file under dir.
// Wants are sorted by file and line. A malformed want comment is an error
// naming its file and line; all of them are reported together.
func ParseWants(dir string) ([]Want, error) {
	var wants []Want
	var errs []error
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !wantFile(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, e := parseWantsFile(filepath.ToSlash(rel), src)
		wants = append(wants, w...)
		errs = append(errs, e...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(wants, func(i, j int) bool {
		if wants[i].File != wants[j].File {
			return wants[i].File < wants[j].File
		}
		return wants[i].Line < wants[j].Line
	})
	return wants, errors.Join(errs...)
}

// parseWantsFile reads the want comments of one file. It uses the HCL lexer,
// so a "# want" inside a string or heredoc is not a comment.
func parseWantsFile(file string, src []byte) ([]Want, []error) {
	if strings.HasSuffix(file, ".json") {
		return parseJSONWants(file, src)
	}
	tokens, _ := hclsyntax.LexConfig(src, file, hcl.InitialPos)
	var wants []Want
	var errs []error
	for _, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		text := string(tok.Bytes)
		switch {
		case strings.HasPrefix(text, "#"):
			text = text[1:]
		case strings.HasPrefix(text, "//"):
			text = text[2:]
		default: // /* ... */
			continue
		}
		pairs, err := parseWantComment(text)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", file, tok.Range.Start.Line, err))
			continue
		}
		for _, p := range pairs {
			wants = append(wants, Want{File: file, Line: tok.Range.Start.Line, Rule: p.rule, Pattern: p.pattern})
		}
	}
	return wants, errs
}

type wantPair struct {
	rule    string
	pattern *regexp.Regexp
}

var ruleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_\-]*`)

// parseWantComment parses the text of a comment after its # or //. A comment
// that is not a want (including want-none) yields nothing.
func parseWantComment(text string) ([]wantPair, error) {
	s := strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(s, "want")
	if !ok || (rest != "" && !unicode.IsSpace(rune(rest[0]))) {
		// Not a want: an ordinary comment, "wanted ...", or "want-none".
		return nil, nil
	}
	s = strings.TrimSpace(rest)
	if s == "" {
		return nil, errors.New(`want comment without RULE "REGEXP"`)
	}
	var pairs []wantPair
	for s != "" {
		rule := ruleName.FindString(s)
		if rule == "" {
			return nil, fmt.Errorf("want comment: expected a rule name at %q", s)
		}
		s = strings.TrimLeftFunc(s[len(rule):], unicode.IsSpace)
		lit, err := strconv.QuotedPrefix(s)
		if err != nil || lit[0] == '\'' {
			return nil, fmt.Errorf("want comment: expected a quoted regexp after %s, got %q", rule, s)
		}
		pat, _ := strconv.Unquote(lit)
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("want comment: %s %s: %w", rule, lit, err)
		}
		pairs = append(pairs, wantPair{rule: rule, pattern: re})
		s = strings.TrimSpace(s[len(lit):])
	}
	return pairs, nil
}

// jsonComment matches a "//" property, Terraform's comment in JSON syntax
// (ignored where a block body is expected), with its string value.
var jsonComment = regexp.MustCompile(`"//"\s*:\s*("(?:[^"\\]|\\.)*")`)

// parseJSONWants reads the want comments of a .tf.json file, which has no
// comments: a "//" property on the line of the issue holds one, e.g.
//
//	"token": "${data.aws_eks_cluster_auth.this.token}", "//": "want RULE \"REGEXP\""
func parseJSONWants(file string, src []byte) ([]Want, []error) {
	var wants []Want
	var errs []error
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range jsonComment.FindAllStringSubmatch(line, -1) {
			var text string
			if err := json.Unmarshal([]byte(m[1]), &text); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %w", file, i+1, err))
				continue
			}
			pairs, err := parseWantComment(text)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %w", file, i+1, err))
				continue
			}
			for _, p := range pairs {
				wants = append(wants, Want{File: file, Line: i + 1, Rule: p.rule, Pattern: p.pattern})
			}
		}
	}
	return wants, errs
}
