package prompter

import (
	"io"
	"os"
	"sync/atomic"
)

// promptInput is one prompt's view of the terminal: the terminal's file,
// whose reads end (io.EOF, nothing read) once the prompt has ended.
//
// Each prompt is a bubbletea program with its own input goroutine, which
// reads only after epoll says the terminal has input. When a program
// ends, that goroutine may not have reached its wait yet; if it gets
// there after the program has closed its epoll and the next prompt has
// opened one under the same descriptor number, it waits on the next
// prompt's epoll, wakes for the next keys typed, reads them and, its
// program being over, drops them. So the first answer typed into the
// profile form after "Which providers…?" was lost about every other
// time. Through this view the stale goroutine reads nothing, and the
// keys stay in the terminal for the prompt that is open.
type promptInput struct {
	*os.File // Fd, Name, Write, Close: bubbletea sets raw mode and polls by them
	ended    atomic.Bool
}

func (p *promptInput) Read(b []byte) (int, error) {
	if p.ended.Load() {
		return 0, io.EOF
	}
	return p.File.Read(b)
}

// promptInputFor gives a prompt its view of in, and the function that
// ends it. Only a file needs one: a stale goroutine of a program reading
// any other reader is blocked inside Read already, where no view can
// reach it (tests' pipes).
func promptInputFor(in io.Reader) (io.Reader, func()) {
	f, ok := in.(*os.File)
	if !ok {
		return in, func() {}
	}
	p := &promptInput{File: f}
	return p, func() { p.ended.Store(true) }
}
