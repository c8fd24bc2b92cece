package record

import (
	"errors"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// runOf is an observation as a recording keeps it.
func runOf(o *steps.Observation) Run {
	r := Run{
		Step: o.StepID, Variant: variantName(o.Variant),
		Started: o.Started, Duration: Duration(o.Duration),
		Hint:  Msg{o.Hint},
		Views: []View{}, Trace: []Call{}, Claims: []Claim{},
	}
	if o.Err != nil {
		r.Error = o.Err.Error()
	}
	for _, v := range o.Views {
		r.Views = append(r.Views, View{ID: v.ID, Title: Msg{v.Title}, Host: paneOf(v.Host), Container: paneOf(v.Container)})
	}
	for _, c := range o.Trace {
		side := "container"
		if c.Host {
			side = "host"
		}
		r.Trace = append(r.Trace, Call{Side: side, Call: c.Call, Result: c.Result, Failed: c.Failed, Why: c.Why, At: Duration(c.At)})
	}
	for _, c := range o.Claims {
		result := ClaimHeld
		switch {
		case c.Skipped:
			result = ClaimSkipped
		case !c.Held:
			result = ClaimFailed
		}
		r.Claims = append(r.Claims, Claim{Text: Msg{c.Text}, Result: result, Seen: Msg{c.Seen}})
	}
	return r
}

func paneOf(p steps.Pane) Pane {
	out := Pane{Source: Msg{p.Source}, Lines: make([]Msg, len(p.Lines)), Marked: p.Marked, Err: Msg{p.Err}}
	for i, l := range p.Lines {
		out.Lines[i] = Msg{l}
	}
	if p.Table != nil {
		out.Table = &Table{From: p.Table.From, Header: p.Table.Header, Columns: p.Table.Columns, Drop: p.Table.Drop}
	}
	for _, c := range p.Charts {
		rc := Chart{Controller: c.Controller, Title: Msg{c.Title}, Unit: Msg{c.Unit}, Limit: c.Limit, Event: Msg{c.Event},
			Began: Duration(c.Began), Samples: make([]Sample, len(c.Samples)), Line: c.Line}
		for i, s := range c.Samples {
			rc.Samples[i] = Sample{At: Duration(s.At), Value: s.Value, Events: s.Events}
		}
		out.Charts = append(out.Charts, rc)
	}
	return out
}

// Observation is the run as the tour shows it, made afresh on every call:
// a UI may keep and change what it is given.
func (r Run) Observation() *steps.Observation {
	o := &steps.Observation{
		StepID: r.Step, Variant: variantOf(r.Variant),
		Started: r.Started, Duration: time.Duration(r.Duration),
		Hint: r.Hint.Msg,
	}
	if r.Error != "" {
		o.Err = errors.New(r.Error)
	}
	for _, v := range r.Views {
		o.Views = append(o.Views, steps.View{ID: v.ID, Title: v.Title.Msg, Host: v.Host.pane(), Container: v.Container.pane()})
	}
	for _, c := range r.Trace {
		o.Trace = append(o.Trace, steps.Call{Host: c.Side == "host", Call: c.Call, Result: c.Result, Failed: c.Failed, Why: c.Why, At: time.Duration(c.At)})
	}
	for _, c := range r.Claims {
		o.Claims = append(o.Claims, steps.ClaimResult{Text: c.Text.Msg, Held: c.Result == ClaimHeld, Skipped: c.Result == ClaimSkipped, Seen: c.Seen.Msg})
	}
	return o
}

func (p Pane) pane() steps.Pane {
	out := steps.Pane{Source: p.Source.Msg, Lines: make([]i18n.Msg, len(p.Lines)), Err: p.Err.Msg}
	if len(p.Marked) > 0 {
		out.Marked = append([]int(nil), p.Marked...)
	}
	for i, l := range p.Lines {
		out.Lines[i] = l.Msg
	}
	if p.Table != nil {
		out.Table = &steps.Table{From: p.Table.From, Header: p.Table.Header, Columns: p.Table.Columns, Drop: append([]int(nil), p.Table.Drop...)}
	}
	for _, c := range p.Charts {
		sc := steps.Chart{Controller: c.Controller, Title: c.Title.Msg, Unit: c.Unit.Msg, Limit: c.Limit, Event: c.Event.Msg,
			Began: time.Duration(c.Began), Samples: make([]steps.Sample, len(c.Samples)), Line: c.Line}
		for i, s := range c.Samples {
			sc.Samples[i] = steps.Sample{At: time.Duration(s.At), Value: s.Value, Events: s.Events}
		}
		out.Charts = append(out.Charts, sc)
	}
	return out
}

func variantName(v steps.Variant) string {
	if v == steps.BreakIt {
		return VariantBreak
	}
	return VariantItself
}

func variantOf(name string) steps.Variant {
	if name == VariantBreak {
		return steps.BreakIt
	}
	return steps.Itself
}
