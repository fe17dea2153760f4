package awsauth

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
	yaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// FromYAML reads a mapping list given as YAML text (JSON is YAML too), as
// the value of mapRoles or mapUsers in a ConfigMap's data. Text that is not
// valid YAML makes aws-auth drop the whole list: FromYAML then reports it
// among the Problems of a Complete result with no entries. An unknown string
// is read as an incomplete result with no entries.
//
// Placeholders may stand in the text for unknown parts. They are read as
// text where they make up a scalar; when the text does not parse with them
// in it, nobody can tell what the real text does, and the result is
// incomplete. So is the result for text over 1 MiB, or text that nests or
// aliases so much that reading it could take long; a problem says why.
func FromYAML(kind Kind, v cty.Value) Mappings {
	if !kind.valid() {
		return Mappings{Problems: []string{fmt.Sprintf("%s is not a kind of aws-auth mapping", kind)}}
	}
	done := Mappings{Complete: true}
	if v == cty.NilVal {
		return done
	}
	uv, marks := v.Unmark()
	switch {
	case !uv.IsKnown():
		return Mappings{}
	case uv.IsNull():
		return done
	}
	if ty := uv.Type(); ty == cty.Number || ty == cty.Bool {
		// Terraform converts a number or a bool to a string for a
		// ConfigMap's data, which is a map of strings.
		uv, _ = convert.Convert(uv, cty.String)
	}
	if uv.Type() != cty.String {
		done.Problems = []string{fmt.Sprintf("%s is %s, not YAML text", kind, describe(uv))}
		return done
	}
	text := uv.AsString()
	if skippable(text) {
		return done
	}
	if why := tooCostly(text); why != "" {
		return Mappings{Problems: []string{fmt.Sprintf("%s is not read: %s", kind, why)}}
	}
	doc, err := decode(text)
	var more bool
	if err != nil {
		// The authenticator's YAML library reads the first of several
		// documents and ignores the rest; go-cty-yaml refuses them all.
		var first string
		if first, more = firstDocument(text); more {
			doc, err = decode(first)
		}
	}
	switch {
	case err != nil && symbol.Contains(text):
		return Mappings{Problems: []string{fmt.Sprintf("%s is not valid YAML with placeholders for unknown values in it, so what it grants is unknown: %v", kind, err)}}
	case err != nil:
		done.Problems = []string{fmt.Sprintf("%s is not valid YAML: %v: aws-auth ignores all of it", kind, err)}
		done.Ignored = true
		return done
	}
	m := FromValue(kind, doc.WithMarks(marks))
	if more {
		m.Problems = append(m.Problems, fmt.Sprintf("%s holds more than one YAML document: aws-auth reads only the first", kind))
	}
	return m
}

// Document decodes text that must hold one YAML document, such as a
// Kubernetes manifest, within the bounds FromYAML keeps. Placeholders read
// as text where they make up a scalar. ok is false when the text is not
// one document that decodes: several documents, invalid YAML (perhaps
// only with placeholders in it), or too costly to read.
func Document(text string) (v cty.Value, ok bool) {
	if skippable(text) || tooCostly(text) != "" {
		return cty.NilVal, false
	}
	if _, more := firstDocument(text); more {
		return cty.NilVal, false
	}
	v, err := decode(text)
	return v, err == nil
}

// skippable reports whether the authenticator skips text without parsing
// it, or parses it as an empty stream, which it reads as null. go-cty-yaml
// refuses an empty stream ("missing start of document").
func skippable(text string) bool {
	switch strings.TrimSpace(text) {
	case "``", `""`:
		return true
	}
	for line := range lines(text) {
		if line = strings.TrimLeft(line, " \t\ufeff"); line != "" && line[0] != '#' {
			return false
		}
	}
	return true
}

// firstDocument returns the first of the YAML documents in text, and
// whether there is more than one: a document ends where a line starts with
// "---" or "..." after it began.
func firstDocument(text string) (string, bool) {
	began, off := false, 0
	for line := range lines(text) {
		switch {
		case marker(line, "---") && began, marker(line, "..."):
			return text[:off], true
		case marker(line, "---"):
			began = true
		case !began:
			trimmed := strings.TrimLeft(line, " \t\ufeff")
			began = trimmed != "" && trimmed[0] != '#' && trimmed[0] != '%'
		}
		off += len(line)
		off += lineBreak(text[off:])
	}
	return text, false
}

// marker reports whether line starts with a document marker m.
func marker(line, m string) bool {
	return strings.HasPrefix(line, m) && (len(line) == len(m) || line[len(m)] == ' ' || line[len(m)] == '\t')
}

// lines yields the lines of text without their breaks, split where
// libyaml splits them.
func lines(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i < len(text); {
			if n := lineBreak(text[i:]); n > 0 {
				if !yield(text[start:i]) {
					return
				}
				i += n
				start = i
				continue
			}
			i++
		}
		yield(text[start:])
	}
}

// decode parses YAML text into a cty value and never panics.
//
// It asks go-cty-yaml for cty.DynamicPseudoType, which the library documents
// as decoding as ImpliedType would, rather than calling ImpliedType first:
// with an explicit type, Unmarshal ends in convert.Convert, which compares
// the decoded type with the wanted one in full, and for text that reuses
// anchors (a "billion laughs" document) that comparison visits every path
// through the aliases, exponentially many. Decoding itself shares what an
// alias refers to.
func decode(text string) (v cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = cty.NilVal, fmt.Errorf("the YAML decoder failed: %v", r)
		}
	}()
	return yaml.Standard.Unmarshal([]byte(text), cty.DynamicPseudoType)
}

// Bounds on the work of reading YAML.
//
// go-cty-yaml, a port of libyaml, has no limits of its own. Its scanner
// checks one pending "simple key" per open flow collection ([ or {) at every
// token, so its time grows with size × flow nesting: 100 KB of nested
// brackets takes seconds. Its decoder recurses once per level of nesting of
// either style. An alias repeats a whole value wherever it is used, for
// FromValue to walk again, and a merge key (<<) copies the mapping it
// merges. The input is bounded by what a ConfigMap can hold, the rest by an
// estimate of the work, in units of scanning one byte once (a few
// nanoseconds); walking or copying a value again costs about sixteen.
const (
	maxText      = 1 << 20 // a ConfigMap holds at most 1 MiB of data
	maxBlockLead = 128     // columns of indentation and indicators before a line's content
	maxWork      = 1 << 27 // half a second or so, on top of a linear read
	walkCost     = 16
)

// tooCostly returns why reading text could take too long, or "" if it
// cannot. The estimate bounds the work for any text, however crafted, and
// is loose where that keeps it simple: outside JSON it counts every bracket
// as if all were open at once, since telling which are would take a YAML
// scanner of its own. It accepts JSON of any shape aws-auth uses, and YAML
// of several hundred entries even if each has a bracket or two.
func tooCostly(text string) string {
	n := int64(len(text))
	if n > maxText {
		return fmt.Sprintf("it is %d bytes, more than the 1 MiB a ConfigMap can hold", n)
	}
	var flow, aliases, merges int64
	if json.Valid([]byte(text)) {
		// JSON nests only in flow style, has no aliases, and its brackets
		// are easy to tell from those in its strings.
		flow = int64(jsonDepth(text))
	} else {
		lead := int64(blockLead(text))
		if lead > maxBlockLead {
			return fmt.Sprintf("a line starts with %d columns of indentation and indicators, more than the %d allowed", lead, maxBlockLead)
		}
		// Each open flow collection needs a bracket of its own.
		flow = int64(strings.Count(text, "[") + strings.Count(text, "{"))
		aliases = int64(strings.Count(text, "*"))
		// A merge key is "<<", possibly quoted or escaped, or a tag. It
		// copies at most every key once per alias and per level of
		// nesting; block nesting is at most 2*lead+2.
		if strings.Contains(text, "<<") || strings.ContainsAny(text, `!\`) {
			merges = walkCost * (aliases + flow + 2*lead + 2)
		}
	}
	if work := n * (1 + flow + walkCost*aliases + merges); work > maxWork {
		return "it nests too deeply, or uses too many aliases, to read in bounded time"
	}
	return ""
}

// jsonDepth returns how deeply valid JSON text nests.
func jsonDepth(text string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// blockLead returns the most columns any line gives to indentation and the
// indicators "-", "?" and ":" before its content. A block collection nests
// inside another only at a greater column (or, for a sequence in a mapping,
// the same one), and starts where its line's content does or at one of
// those indicators, so block nesting is at most twice this plus two. Lines
// end where libyaml's do: at \n, \r, NEL, LS and PS.
func blockLead(text string) int {
	longest, run, leading := 0, 0, true
	for i := 0; i < len(text); {
		if n := lineBreak(text[i:]); n > 0 {
			run, leading = 0, true
			i += n
			continue
		}
		switch c := text[i]; {
		case !leading:
		case c == ' ' || c == '\t' || c == '-' || c == '?' || c == ':':
			run++
			longest = max(longest, run)
		case strings.HasPrefix(text[i:], "\ufeff"):
			// libyaml skips a byte order mark at the start of a line.
			run++
			longest = max(longest, run)
			i += len("\ufeff")
			continue
		default:
			leading = false
		}
		i++
	}
	return longest
}

// lineBreak returns the length of the line break text starts with, or 0.
func lineBreak(text string) int {
	switch {
	case text == "":
		return 0
	case text[0] == '\n' || text[0] == '\r':
		return 1
	case strings.HasPrefix(text, "\u0085"):
		return len("\u0085")
	case strings.HasPrefix(text, "\u2028"), strings.HasPrefix(text, "\u2029"):
		return len("\u2028")
	}
	return 0
}
