//go:generate go run ../../internal/gen/cmd ../..

// Command insure drives motor-insurance and vehicle-data partner APIs.
package main

import (
	"context"
	"log"
	"os"

	"github.com/insurekit/insure/internal/build"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

func main() {
	os.Exit(run())
}

func run() int {
	// SIGINT and SIGTERM cancel ctx: the request in flight is abandoned,
	// the deferred clean-ups run, and the exit code says which signal it was.
	ctx, stop := cmdutil.NotifyInterrupt(context.Background())
	defer stop()
	f := factory.NewWith(build.Version, factory.Options{Context: ctx})
	defer f.Cleanup()
	// net/http's own reports (bytes a server sent on an idle connection,
	// a TLS handshake a sandbox server refused) go through the standard
	// logger; they may quote an answer, so secrets are masked in them,
	// and they read as insure's other warnings.
	log.SetOutput(httpx.MaskingWriter(f.IOStreams.ErrOut))
	log.SetFlags(0)
	log.SetPrefix("warning: ")
	cmd := root.NewCmdRootFor(f, os.Args[1:])
	ran, err := cmd.ExecuteContextC(ctx)
	err = cmdutil.WithInterrupt(ctx, err)
	if err == nil {
		return 0
	}
	jsonOut := false
	if o, oerr := f.OutputOptions(); oerr == nil && o.Format == "json" && o.JQ == "" && o.Template == "" && !cmdutil.AsksOtherOutput(os.Args[1:]) {
		jsonOut = ran == nil || !cmdutil.WritesFile(ran)
	}
	cmdutil.PrintError(f.IOStreams, cmdutil.RewriteHints(f, err), jsonOut)
	return cmdutil.ExitCode(err)
}
