// Package doctor says what this machine allows burk to do, and how to fix
// what it does not: burk doctor's checks (Doctor), and for a container of
// a given Spec, what of it this host cannot do (Preflight). It only reads.
// Its checks are Linux's: off Linux there is nothing to check.
package doctor
