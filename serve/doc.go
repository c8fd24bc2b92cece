// Package serve is burk's SSH front door: `burk serve` gives every learner
// who connects the live tour, each in a machine of their own (package
// machine), and the teacher a view of the room.
//
// The life of a session, in the order to read it:
//
//  1. limit.go: a connection past the per-address rate, or past
//     --max-sessions, is refused with a line the learner can read;
//  2. auth.go: a key from --keys, or the class code, lets a learner in
//     under the name they gave as the SSH user (CheckName); a key from
//     --teacher-keys lets the teacher in as "teacher";
//  3. session_linux.go: the learner's id range and directory, a pty at
//     their terminal's size, and the machine, which runs `burk tour`;
//  4. when the connection drops or the tour ends, the machine is stopped
//     and the range given back; the progress stays in the directory,
//     and the next connection under the same name resumes it;
//  5. room.go and teacher.go: what the teacher sees.
package serve
