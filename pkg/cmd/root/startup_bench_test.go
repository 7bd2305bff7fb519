package root

import (
	"context"
	"testing"

	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/iostreams"
)

// BenchmarkNewCmdRoot is what every run of insure pays before it parses
// its arguments: the factory and the whole command tree.
func BenchmarkNewCmdRoot(b *testing.B) {
	ios, _, _, _ := iostreams.Test()
	b.ReportAllocs()
	for b.Loop() {
		f := factory.NewWith("bench", factory.Options{IOStreams: ios, Context: context.Background(), StateDir: b.TempDir()})
		_ = NewCmdRoot(f)
	}
}

// BenchmarkVersionCommand is `insure version` after the tree is built:
// parsing the arguments, finding the command, running it.
func BenchmarkVersionCommand(b *testing.B) {
	ios, _, _, _ := iostreams.Test()
	b.ReportAllocs()
	for b.Loop() {
		f := factory.NewWith("bench", factory.Options{IOStreams: ios, Context: context.Background(), StateDir: b.TempDir()})
		cmd := NewCmdRoot(f)
		cmd.SetArgs([]string{"version"})
		if err := cmd.Execute(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewCmdRootForVersion is the tree `insure version` builds.
func BenchmarkNewCmdRootForVersion(b *testing.B) {
	ios, _, _, _ := iostreams.Test()
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		f := factory.NewWith("bench", factory.Options{IOStreams: ios, Context: context.Background(), StateDir: dir})
		_ = NewCmdRootFor(f, []string{"version"})
	}
}

// BenchmarkCommandArg is the routing guess NewCmdRootFor makes first.
func BenchmarkCommandArg(b *testing.B) {
	ios, _, _, _ := iostreams.Test()
	f := factory.NewWith("bench", factory.Options{IOStreams: ios, Context: context.Background(), StateDir: b.TempDir()})
	root := newRoot(f)
	args := []string{"-p", "sandbox", "sign", "paoding"}
	b.ReportAllocs()
	for b.Loop() {
		if commandArg(root, args) != "sign" {
			b.Fatal("not routed to sign")
		}
	}
}
