package build

// The skeleton and every stage's solution are made from the one reference
// runtime: each region marked [stage ID] is that stage's, and a stage not
// reached yet leaves a TODO in its place. There is no second copy of the
// solution to drift from the first.

import (
	_ "embed"
	"fmt"
	"go/format"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
)

//go:embed reference/main.go
var reference string

// Reference is the reference runtime's source, as it is in the repository.
func Reference() string { return reference }

// region is a [stage ID] or [stage ID until ID2] marker.
type region struct {
	stage, until int // stage numbers; until is 0 when none replaces it
}

// parseMarker reads a marker line: "// [stage ID]", "// [stage ID until ID2]".
func parseMarker(line string) (region, bool, error) {
	s := strings.TrimSpace(line)
	inner, ok := strings.CutPrefix(s, "// [stage ")
	if !ok || !strings.HasSuffix(inner, "]") {
		return region{}, false, nil
	}
	f := strings.Fields(strings.TrimSuffix(inner, "]"))
	var r region
	st, err := StageArg(f[0])
	if err != nil {
		return r, true, fmt.Errorf("reference: %q: %w", s, err)
	}
	r.stage = st.N
	if len(f) == 3 && f[1] == "until" {
		u, err := StageArg(f[2])
		if err != nil {
			return r, true, fmt.Errorf("reference: %q: %w", s, err)
		}
		r.until = u.N
	} else if len(f) != 1 {
		return r, true, fmt.Errorf("reference: %q: want [stage ID] or [stage ID until ID]", s)
	}
	return r, true, nil
}

// Program is the runtime with every stage up to upTo written, and a TODO
// for each later one, in lang: upTo 0 is the skeleton the learner starts
// from, len(Stages()) the whole reference. Its doc comment says which.
func Program(upTo int, lang i18n.Lang) (string, error) {
	lines := strings.Split(reference, "\n")
	var out []string
	// The reference's own doc comment gives way to the learner's.
	i := 0
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "package "); i++ {
		if strings.HasPrefix(lines[i], "//go:build") {
			out = append(out, lines[i], "")
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(header(upTo).In(lang)), "\n") {
		out = append(out, strings.TrimRight("// "+l, " "))
	}
	todoSaid := map[int]bool{}
	var open *region
	var body []string
	indent := ""
	for ; i < len(lines); i++ {
		line := lines[i]
		r, isMarker, err := parseMarker(line)
		if err != nil {
			return "", err
		}
		switch {
		case isMarker:
			if open != nil {
				return "", fmt.Errorf("reference line %d: a region inside a region", i+1)
			}
			open, body = &r, nil
			indent = line[:len(line)-len(strings.TrimLeft(line, "\t"))]
		case strings.TrimSpace(line) == "// [end]":
			if open == nil {
				return "", fmt.Errorf("reference line %d: [end] without a region", i+1)
			}
			out = append(out, emit(*open, body, indent, upTo, lang, todoSaid)...)
			open = nil
		case open != nil:
			body = append(body, line)
		default:
			out = append(out, line)
		}
	}
	if open != nil {
		return "", fmt.Errorf("reference: a region without [end]")
	}
	src, err := format.Source([]byte(strings.Join(out, "\n")))
	if err != nil {
		return "", fmt.Errorf("format the program up to stage %d: %w", upTo, err)
	}
	return string(src), nil
}

// emit is one region as the program up to upTo has it.
func emit(r region, body []string, indent string, upTo int, lang i18n.Lang, said map[int]bool) []string {
	switch {
	case r.until != 0 && upTo >= r.until:
		return nil // a later stage replaced it
	case r.stage <= upTo && r.until != 0:
		// Written as comments in the reference, whose last stage replaced it.
		var out []string
		for _, l := range body {
			t := strings.TrimLeft(l, "\t")
			out = append(out, l[:len(l)-len(t)]+strings.TrimPrefix(t, "// "))
		}
		return out
	case r.stage <= upTo:
		return body
	}
	st := stages[r.stage-1]
	if said[r.stage] {
		return []string{indent + "// " + i18n.T("TODO stage %d (%s), continued", st.N, st.ID).In(lang)}
	}
	said[r.stage] = true
	return []string{indent + "// " + i18n.T("TODO stage %d (%s): %s", st.N, st.ID, textOf(st.ID, lang).Todo).In(lang)}
}

// header is the doc comment of the program up to a stage.
func header(upTo int) i18n.Msg {
	if upTo == 0 {
		return i18n.T(`Command runtime is your container runtime, in the shape of Liz Rice's
"containers from scratch": run starts this same program again as child
inside new namespaces, and child sets the container up from inside, then
becomes the command.

	sudo ./runtime run ROOTFS COMMAND [ARG...]

Each stage of burk build is a TODO below: TASKS.md says what to do and
what burk checks. burk build check checks them all; burk build hint N
gives a hint, one at a time.`)
	}
	if upTo == len(stages) {
		return i18n.T(`Command runtime is burk's reference container runtime, every stage
written: burk build solution shows it once the last stage passes.

	sudo ./runtime run ROOTFS COMMAND [ARG...]`)
	}
	return i18n.T(`Command runtime is burk's reference container runtime up to stage %d
(%s): burk build solution shows it once that stage passes. Later stages
are TODOs.

	sudo ./runtime run ROOTFS COMMAND [ARG...]`, upTo, stages[upTo-1].ID)
}
