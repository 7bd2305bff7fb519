package store

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// The helper process: opened by a test as os.Args[0] with lockHelperEnv
// set to the database path, it takes the paoding token lock, says
// "locked" and holds it until killed.
const lockHelperEnv = "INSURE_STORE_LOCK_HELPER"

func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("helper process for the lock tests")
	}
	s, err := Open(path)
	if err != nil {
		os.Exit(3)
	}
	_ = s.TokenCache("p", "paoding").Lock(context.Background(), func() error {
		os.Stdout.WriteString("locked\n")
		select {}
	})
	os.Exit(4)
}

// startHolder runs the helper process and returns once it holds the lock.
func startHolder(t *testing.T, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q (%v)", line, err)
	}
	return cmd
}

func TestLockOfAKilledHolderIsTakenOverAtOnce(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "freebsd" {
		t.Skip("the holder's death is seen where the process table can be read; elsewhere the lease decides")
	}
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	holder := startHolder(t, path)
	// kill -9: no defer runs, the row stays. The process is not reaped
	// yet (a zombie), which must count as dead too.
	if err := holder.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	ran := false
	if err := s.TokenCache("p", "paoding").Lock(ctx, func() error { ran = true; return nil }); err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	if !ran || time.Since(start) > 5*time.Second {
		t.Fatalf("took %s to take over a dead holder's lock", time.Since(start))
	}
}

func TestWaiterGivesUpAtItsDeadlineAndSaysWhoHoldsTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	holder := startHolder(t, path)
	var notices atomic.Int32
	var notice atomic.Value
	tc := s.TokenCacheWith("p", "paoding", TokenCacheOptions{OnWait: func(w LockWait) {
		notices.Add(1)
		notice.Store(w.String())
	}})

	// The deadline comes from the context (a command's --timeout).
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = tc.Lock(ctx, func() error { t.Error("ran while another process held the lock"); return nil })
	waited := time.Since(start)
	if waited < time.Second || waited > 10*time.Second {
		t.Fatalf("waited %s for a 1.5s deadline", waited)
	}
	if failure.KindOf(err) != failure.Network || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v (kind %v)", err, failure.KindOf(err))
	}
	pid := "pid " + strconv.Itoa(holder.Process.Pid)
	if !strings.Contains(err.Error(), pid) || !strings.Contains(err.Error(), "paoding token") {
		t.Fatalf("error does not name the holder: %v", err)
	}
	if notices.Load() != 1 {
		t.Fatalf("%d waiting notices, want 1", notices.Load())
	}
	want := "waiting for another insure process (" + pid + ") refreshing the paoding token..."
	if got, _ := notice.Load().(string); got != want {
		t.Fatalf("notice %q, want %q", got, want)
	}

	// The same bound from the cache's own limit, with no deadline on ctx.
	tc = s.TokenCacheWith("p", "paoding", TokenCacheOptions{MaxWait: time.Second})
	start = time.Now()
	err = tc.Lock(context.Background(), func() error { return nil })
	if waited := time.Since(start); err == nil || waited > 10*time.Second {
		t.Fatalf("MaxWait 1s: waited %s, %v", waited, err)
	}
}

func TestLockIsReleasedWhenTheHolderIsCancelled(t *testing.T) {
	s := open(t)
	tc := s.TokenCache("p", "paoding")
	ctx, cancel := context.WithCancel(context.Background())
	held := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- tc.Lock(ctx, func() error {
			close(held)
			<-ctx.Done() // a signal cancels the command's context
			return ctx.Err()
		})
	}()
	<-held
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("holder: %v", err)
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer wcancel()
	if err := tc.Lock(wctx, func() error { return nil }); err != nil {
		t.Fatalf("lock not released after cancel: %v", err)
	}
}

func TestCancelledWaiterStopsWaiting(t *testing.T) {
	s := open(t)
	tc := s.TokenCache("p", "paoding")
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = tc.Lock(context.Background(), func() error { close(held); <-release; return nil })
	}()
	<-held
	defer func() { close(release); <-done }() // as in TestLeaseIsRenewedWhileTheHolderWorks
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	err := tc.Lock(ctx, func() error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v", err)
	}
}

func TestLeaseIsRenewedWhileTheHolderWorks(t *testing.T) {
	s := open(t)
	const lease = 300 * time.Millisecond
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Lock(context.Background(), "n", LockOptions{Lease: lease}, func() error { close(held); <-release; return nil })
	}()
	<-held
	// The holder lets go and is waited for before the store is closed and
	// its folder removed: its unlock wrote into the folder as the test's
	// cleanup removed it ("directory not empty", seen under -race in CI).
	defer func() { close(release); <-done }()
	// Several leases later the live holder still has it.
	ctx, cancel := context.WithTimeout(context.Background(), 4*lease)
	defer cancel()
	if err := s.Lock(ctx, "n", LockOptions{Lease: lease}, func() error { return nil }); err == nil {
		t.Fatal("took the lock of a live holder whose lease was being renewed")
	}
}

func TestLockTimeoutBeforeAnyHolderWasReadNamesNoPid(t *testing.T) {
	// A deadline that falls inside the first attempt leaves no holder
	// read: the message must not invent "pid 0", nor blame another
	// process (doctor's checks once spent the deadline before the login
	// looked at the lock, and the message sent the user after one).
	err := &LockTimeoutError{Holder: LockWait{Name: "token:p:paoding"}, Waited: 1500 * time.Millisecond}
	if got, want := err.Error(), "gave up after 1.5s: the time limit ran out before lock token:p:paoding could be taken (no holder was seen)"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	err.Holder.PID, err.Holder.Purpose = 42, "refreshing the paoding token"
	if got, want := err.Error(), "gave up after 1.5s waiting for another insure process (pid 42) refreshing the paoding token"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}

// A batch's lines wait for one another's token: the holder is this very
// process, which the notice and the error called "another insure process
// (pid N)", with the hint to stop it: the batch itself.
func TestWaitForThisProcessSaysSo(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	held, release := make(chan struct{}), make(chan struct{})
	go func() {
		_ = s.TokenCache("p", "paoding").Lock(context.Background(), func() error { close(held); <-release; return nil })
	}()
	<-held
	defer close(release)
	var notice atomic.Value
	tc := s.TokenCacheWith("p", "paoding", TokenCacheOptions{MaxWait: 1500 * time.Millisecond, OnWait: func(w LockWait) { notice.Store(w.String()) }})
	err = tc.Lock(context.Background(), func() error { t.Error("ran while another request held the lock"); return nil })
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Network {
		t.Fatalf("error %v", err)
	}
	want := "another request of this insure process (pid " + strconv.Itoa(os.Getpid()) + ")"
	if !strings.Contains(fe.Message, want) || strings.Contains(fe.Message, "another insure process") || strings.Contains(fe.Hint, "stop it") {
		t.Errorf("message %q, hint %q", fe.Message, fe.Hint)
	}
	if got, _ := notice.Load().(string); !strings.Contains(got, want) {
		t.Errorf("notice %q", got)
	}
}
