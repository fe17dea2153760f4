// Package resolve turns Terraform expressions into values the way a linter
// can know them before plan.
//
// Input variables get their values from tflint itself, so defaults,
// terraform.tfvars, *.auto.tfvars, --var-file, --var and TF_VAR_ are
// honoured exactly as tflint and Terraform honour them. Locals are evaluated
// here rather than by tflint, because tflint turns a local built from a
// module output into an anonymous unknown, and we need to know which output.
//
// References tflint cannot evaluate (module outputs, data sources,
// resources, variables with no value) are kept by name: they evaluate to
// placeholders (see package symbol), so module.iam.role_arn on both sides of
// a comparison is the same role, and "arn:aws:iam::${local.account}:role/ci"
// still has the known name "ci". A placeholder is only trusted where it
// flowed as data; where a condition, an index or a function could have
// branched on its text, the expression is evaluated again with the
// reference as a plain unknown value. So a resolved value is never a guess:
// it is known, named, sensitive or unknown, and says which.
package resolve

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Vars supplies input variable values. In a tflint run this is tflint; in
// tests a map. The traversal starts with var.NAME and carries the source
// range where the configuration wrote it.
type Vars interface {
	Var(name string, at hcl.Traversal) cty.Value
}

// Deferred is an input variable's value worked out only when an
// expression first reads it, and then by the resolver reading it. Values
// such as an HCP Terraform workspace's HCL-typed variables are
// expressions written by someone else: evaluated eagerly, each would cost
// time and budget whether or not anything reads it. Deferred, one nothing
// reads costs nothing, and one that is read is paid for out of the budget
// of the module run reading it, like any expression of its own.
type Deferred func(r *Resolver) cty.Value

// DeferredVars are Vars that hold some values Deferred: those are asked
// for with Deferred, not Var.
type DeferredVars interface {
	Vars
	Deferred(name string) (Deferred, bool)
}

// From marks a value with where it came from: "var.role_arn", "local.admins".
// Marks travel with the value through every operation, so a role ARN built
// from a variable still says so when a message is written about it.
type From string

// symbolicMark marks every value that depends on a placeholder.
type symbolicMark struct{}

// Scope binds names for one evaluation, e.g. each.key and each.value while
// a for_each block is expanded, or count.index.
type Scope map[string]cty.Value

// Resolver evaluates expressions of one module. It caches variable and
// local values, so it belongs to one module run (and one execution context,
// when variables are overridden for it).
type Resolver struct {
	vars      Vars
	overrides map[string]cty.Value
	deferred  map[string]Deferred
	// forced holds the deferred overrides evaluated so far.
	forced map[string]cty.Value
	locals map[string]hcl.Expression
	// root says whether the module is the root module of its run; nil
	// means it is not known to be.
	root func() bool

	varCache map[string]cty.Value
	// varsForced holds the deferred values of vars evaluated so far, for
	// every resolver of the module run: they are the same in each.
	varsForced map[string]cty.Value
	localCache map[string]*localValue
	// settling holds the locals whose dependencies are being evaluated
	// first (see settle).
	settling map[string]bool

	budget  *budget
	funcs   map[string]function.Function
	meterOf map[hclsyntax.Expression]hclsyntax.Expression
}

type localValue struct {
	busy     bool
	sym, unk cty.Value
	haveSym  bool
	haveUnk  bool
}

// New returns a resolver for a module with the given locals.
func New(vars Vars, locals map[string]hcl.Expression) *Resolver {
	return &Resolver{
		vars:       vars,
		locals:     locals,
		varCache:   map[string]cty.Value{},
		varsForced: map[string]cty.Value{},
		localCache: map[string]*localValue{},
		settling:   map[string]bool{},
		budget:     newBudget(),
	}
}

// ShareBudget makes r spend o's evaluation budget instead of its own. A
// module read for another (a local child read from its caller's run)
// costs that run, so a configuration cannot multiply the bound by
// calling many modules.
func (r *Resolver) ShareBudget(o *Resolver) { r.budget = o.budget }

// WithVars returns a resolver for another execution context of the same
// module, in which the given input variables have other values (an HCP
// Terraform workspace's variables, a baseline's tfvars), either as values
// or deferred. Caches of values that do not depend on them are not
// shared: locals may.
func (r *Resolver) WithVars(overrides map[string]cty.Value, deferred map[string]Deferred) *Resolver {
	n := New(r.vars, r.locals)
	n.overrides = overrides
	n.deferred = deferred
	n.forced = map[string]cty.Value{}
	n.budget = r.budget
	n.root = r.root
	n.varsForced = r.varsForced
	for k, v := range r.varCache {
		if !n.Overridden(k) {
			n.varCache[k] = v
		}
	}
	return n
}

// InRoot says how to tell whether the module is the root module of its
// run: then path.module, path.root and path.cwd are known. Terraform runs a
// root module from its own directory, so all three name that directory,
// which relative to the module is "."; tflint gives the root module's
// path.module the same ".". In a called module they stay unknown: the
// module's directory depends on where it is called from. isRoot is asked
// only when an expression reads path, as answering it may cost a round
// trip to tflint.
func (r *Resolver) InRoot(isRoot func() bool) { r.root = isRoot }

// Eval evaluates expr in the module's scope plus scope.
func (r *Resolver) Eval(expr hcl.Expression, scope Scope) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if multiplies(expr) > maxNesting || hugeNumber(expr) {
		// Nested iterations multiply: three levels of for over range()
		// is a billion steps. No grant list needs that.
		return cty.DynamicVal
	}
	if r.trusted(expr, scope) {
		if v, ok := r.value(expr, r.context(expr, scope, true)); ok {
			return v
		}
	}
	v, _ := r.value(expr, r.context(expr, scope, false))
	return v
}

// value evaluates expr in ctx at the budget's expense. ok is false, and the
// value unknown, when evaluation failed or the budget ran out on the way:
// then even a value try() or can() made of a failure is not to be trusted.
func (r *Resolver) value(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, ok bool) {
	if !r.budget.spend(1, 0) {
		return cty.DynamicVal, false
	}
	syn, isSyn := expr.(hclsyntax.Expression)
	if isSyn {
		expr = r.metered(syn)
	} else if !r.affordRefs(expr, ctx) {
		return cty.DynamicVal, false
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || r.budget.out {
		return cty.DynamicVal, false
	}
	return v, true
}

// metered returns the metered copy of e, made once per resolver.
func (r *Resolver) metered(e hclsyntax.Expression) hclsyntax.Expression {
	if m, ok := r.meterOf[e]; ok {
		return m
	}
	if r.meterOf == nil {
		r.meterOf = map[hclsyntax.Expression]hclsyntax.Expression{}
	}
	m := meter(e, r.budget)
	r.meterOf[e] = m
	return m
}

// affordRefs charges, for an expression whose inside cannot be metered
// (JSON syntax: templates, no loops), what each reference in it is worth,
// as a template may copy each. Its function calls are metered anyway.
func (r *Resolver) affordRefs(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	for _, t := range expr.Variables() {
		v, diags := t.TraverseAbs(ctx)
		if !diags.HasErrors() && !r.budget.charge(v) {
			return false
		}
	}
	return true
}

// context builds the evaluation context for expr. With symbolic set,
// references that cannot be evaluated become placeholders; otherwise they
// are plain unknown values.
func (r *Resolver) context(expr hcl.Expression, scope Scope, symbolic bool) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	varAttrs, localAttrs := map[string]cty.Value{}, map[string]cty.Value{}
	placeholders := &tree{}
	for _, t := range expr.Variables() {
		root := t.RootName()
		if v, ok := scope[root]; ok {
			vars[root] = v
			continue
		}
		switch ref := ParseRef(t); ref.Mode {
		case Variable:
			if _, ok := varAttrs[ref.Name]; !ok {
				varAttrs[ref.Name] = r.variable(ref.Name, t, symbolic)
			}
		case Local:
			if _, ok := localAttrs[ref.Name]; !ok {
				localAttrs[ref.Name] = r.local(ref.Name, symbolic)
			}
		case ModuleCall, Data, Ephemeral, Resource:
			if symbolic {
				placeholders.add(t)
			} else {
				vars[root] = cty.DynamicVal
			}
		default:
			if root == "path" {
				vars[root] = r.paths()
				continue
			}
			vars[root] = cty.DynamicVal
		}
	}
	if len(varAttrs) > 0 {
		vars["var"] = cty.ObjectVal(varAttrs)
	}
	if len(localAttrs) > 0 {
		vars["local"] = cty.ObjectVal(localAttrs)
	}
	for name, n := range placeholders.children {
		vars[name] = n.value(hcl.Traversal{hcl.TraverseRoot{Name: name}})
	}
	return &hcl.EvalContext{Variables: vars, Functions: r.functionsFor(expr)}
}

// paths is the path object: known in a root module, else unknown.
func (r *Resolver) paths() cty.Value {
	if r.root == nil || !r.root() {
		return cty.DynamicVal
	}
	here := cty.StringVal(".")
	return cty.ObjectVal(map[string]cty.Value{"module": here, "root": here, "cwd": here})
}

// variable returns var.name: tflint's value, or a placeholder (or unknown)
// when tflint has none.
func (r *Resolver) variable(name string, at hcl.Traversal, symbolic bool) cty.Value {
	v, ok := r.overrides[name]
	if d, isDeferred := r.deferred[name]; !ok && isDeferred {
		v, ok = r.force(r.forced, name, d), true
	}
	if !ok {
		v, ok = r.varCache[name]
	}
	if !ok {
		if dv, isDV := r.vars.(DeferredVars); isDV {
			if d, isDeferred := dv.Deferred(name); isDeferred {
				v, ok = r.force(r.varsForced, name, d), true
				r.varCache[name] = v
			}
		}
	}
	if !ok {
		v = r.vars.Var(name, at)
		r.varCache[name] = v
	}
	if !v.IsKnown() && !IsSensitive(v) {
		if symbolic {
			return cty.StringVal(symbol.Wrap("var." + name)).Mark(symbolicMark{}).Mark(From("var." + name))
		}
		return cty.DynamicVal.Mark(From("var." + name))
	}
	return withFrom(v, From("var."+name))
}

// force evaluates a deferred value once, into memo, and charges what the
// value is worth: what the expression built is in memory from then on,
// however cheaply it was written.
func (r *Resolver) force(memo map[string]cty.Value, name string, d Deferred) cty.Value {
	if v, ok := memo[name]; ok {
		return v
	}
	// Whatever the deferred value reads of itself is unknown.
	memo[name] = cty.DynamicVal
	v := d(r)
	if !r.budget.charge(v) {
		v = cty.DynamicVal
	}
	memo[name] = v
	return v
}

// VarValue returns the value var.name had in this resolver's evaluations,
// if it was evaluated.
func (r *Resolver) VarValue(name string) (cty.Value, bool) {
	if v, ok := r.overrides[name]; ok {
		return v, true
	}
	if v, ok := r.forced[name]; ok {
		return v, true
	}
	v, ok := r.varCache[name]
	return v, ok
}

// Overridden reports whether var.name has a context-specific value,
// evaluated or not.
func (r *Resolver) Overridden(name string) bool {
	_, ok := r.overrides[name]
	_, deferred := r.deferred[name]
	return ok || deferred
}

// local returns local.name, evaluated here so that the references it is
// built from keep their names.
func (r *Resolver) local(name string, symbolic bool) cty.Value {
	lv := r.localCache[name]
	if lv == nil {
		lv = &localValue{}
		r.localCache[name] = lv
	}
	expr, ok := r.locals[name]
	if !ok || lv.busy || r.settling[name] {
		// An undeclared or self-referencing local: Terraform rejects the
		// configuration, and we know nothing about it.
		return cty.DynamicVal
	}
	from := From("local." + name)
	if symbolic {
		if !lv.haveSym {
			r.settle(name, symbolic)
			lv.busy = true
			lv.sym = withFrom(r.capped(r.Eval(expr, nil)), from)
			lv.busy = false
			lv.haveSym = true
		}
		return lv.sym
	}
	if !lv.haveUnk {
		r.settle(name, symbolic)
		lv.busy = true
		v := cty.DynamicVal
		if multiplies(expr) <= maxNesting && !hugeNumber(expr) {
			v, _ = r.value(expr, r.context(expr, nil, false))
		}
		lv.unk = withFrom(r.capped(v), from)
		lv.busy = false
		lv.haveUnk = true
	}
	return lv.unk
}

// settle evaluates the locals that local name refers to, and theirs,
// deepest first, without recursion: each is then evaluated one level
// deep, its own references already resolved. A chain of 50,000 locals
// costs 50,000 evaluations, not a 50,000-deep stack. A local met again
// while its references are being settled is part of a cycle, which
// Terraform rejects: it is unknown.
func (r *Resolver) settle(name string, symbolic bool) {
	type frame struct {
		name string
		refs []string
	}
	done := func(n string) bool {
		lv := r.localCache[n]
		return lv != nil && (lv.busy || (symbolic && lv.haveSym) || (!symbolic && lv.haveUnk))
	}
	r.settling[name] = true
	stack := []frame{{name, r.localRefs(name)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.refs) > 0 {
			next := top.refs[0]
			top.refs = top.refs[1:]
			if _, ok := r.locals[next]; ok && !r.settling[next] && !done(next) {
				r.settling[next] = true
				stack = append(stack, frame{next, r.localRefs(next)})
			}
			continue
		}
		stack = stack[:len(stack)-1]
		delete(r.settling, top.name)
		if len(stack) > 0 {
			r.local(top.name, symbolic)
		}
	}
}

// localRefs lists the locals expression of local name refers to.
func (r *Resolver) localRefs(name string) []string {
	expr, ok := r.locals[name]
	if !ok {
		return nil
	}
	var out []string
	for _, t := range expr.Variables() {
		if ref := ParseRef(t); ref.Mode == Local {
			out = append(out, ref.Name)
		}
	}
	return out
}

// maxFrom bounds how many variables and locals a value names as its
// origin. Each local adds itself, so without a bound a chain of n locals
// carries n names at its end, and building it costs n squared.
const maxFrom = 16

// withFrom marks v as coming from f, unless it already names maxFrom
// origins. Variables are kept before locals when there are more.
func withFrom(v cty.Value, f From) cty.Value {
	n := 0
	for m := range v.Marks() {
		if _, ok := m.(From); ok {
			n++
		}
	}
	if n < maxFrom {
		return v.Mark(f)
	}
	if n == maxFrom {
		return v
	}
	inner, ms := v.Unmark()
	var froms []string
	kept := cty.NewValueMarks()
	for m := range ms {
		if f, ok := m.(From); ok {
			froms = append(froms, string(f))
		} else {
			kept[m] = struct{}{}
		}
	}
	sort.Slice(froms, func(i, j int) bool {
		vi, vj := strings.HasPrefix(froms[i], "var."), strings.HasPrefix(froms[j], "var.")
		if vi != vj {
			return vi
		}
		return froms[i] < froms[j]
	})
	for _, f := range froms[:maxFrom] {
		kept[From(f)] = struct{}{}
	}
	return inner.WithMarks(kept)
}

// tree holds the module, data and resource references of one expression,
// so that each can be given its own placeholder at exactly its path.
type tree struct {
	children map[string]*tree // by attribute name
	index    map[int]*tree    // by static numeric key
	keys     map[string]*tree // by static string key
}

func (n *tree) add(t hcl.Traversal) {
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			n = child(&n.children, s.Name)
		case hcl.TraverseAttr:
			n = child(&n.children, s.Name)
		case hcl.TraverseIndex:
			k, _ := s.Key.Unmark()
			switch {
			case !k.IsKnown() || k.IsNull():
				return
			case k.Type() == cty.String:
				n = child(&n.keys, k.AsString())
			case k.Type() == cty.Number:
				i, acc := k.AsBigFloat().Int64()
				if acc != 0 || i < 0 || i > 1024 {
					return
				}
				if n.index == nil {
					n.index = map[int]*tree{}
				}
				if n.index[int(i)] == nil {
					n.index[int(i)] = &tree{}
				}
				n = n.index[int(i)]
			default:
				return
			}
		default:
			return
		}
	}
}

func child(m *map[string]*tree, name string) *tree {
	if *m == nil {
		*m = map[string]*tree{}
	}
	c, ok := (*m)[name]
	if !ok {
		c = &tree{}
		(*m)[name] = c
	}
	return c
}

// value is the placeholder structure below path: objects where attributes
// were traversed, tuples where numeric keys were, and at each end a
// placeholder string naming the whole traversal.
func (n *tree) value(path hcl.Traversal) cty.Value {
	switch {
	case len(n.children) > 0 || len(n.keys) > 0:
		m := map[string]cty.Value{}
		for name, c := range n.children {
			m[name] = c.value(append(path[:len(path):len(path)], hcl.TraverseAttr{Name: name}))
		}
		for key, c := range n.keys {
			m[key] = c.value(append(path[:len(path):len(path)], hcl.TraverseIndex{Key: cty.StringVal(key)}))
		}
		return cty.ObjectVal(m)
	case len(n.index) > 0:
		max := 0
		for i := range n.index {
			if i > max {
				max = i
			}
		}
		elems := make([]cty.Value, max+1)
		for i := range elems {
			if c, ok := n.index[i]; ok {
				elems[i] = c.value(append(path[:len(path):len(path)], hcl.TraverseIndex{Key: cty.NumberIntVal(int64(i))}))
			} else {
				elems[i] = cty.DynamicVal
			}
		}
		return cty.TupleVal(elems)
	}
	return cty.StringVal(symbol.Wrap(TraversalString(path))).Mark(symbolicMark{})
}
