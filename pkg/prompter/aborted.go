package prompter

import "errors"

// ErrAborted is Ctrl-C (or Esc) at a prompt: the terminal is in raw mode,
// so no SIGINT arrives, but the user interrupted all the same; the process
// exits 130 as it would on the signal, and nothing was sent.
var ErrAborted = errors.New("interrupted at a prompt (Ctrl-C or Esc); nothing was sent")
