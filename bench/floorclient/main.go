//go:build unix

// Command floorclient is the batch baseline of bench/batch-compare.sh: the
// least a Go program does to quote a file of eBao lines through net/http,
// with none of insure's work. It signs each line as the curl loop does
// (md5 of body + secret in the URL), posts it over keep-alive connections
// from N goroutines, reads the answer and counts the 200s. No validation,
// no answer check, no journal, no output per line.
//
//	EBAO_SECRET=... floorclient URL ACCESS_KEY LINES.jsonl CONCURRENCY
//
// The secret comes from the environment, not an argument that ps shows.
// It prints "lines ok seconds rate cpu_us_per_line".
package main

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	secret := os.Getenv("EBAO_SECRET")
	if len(os.Args) != 5 || secret == "" {
		fmt.Fprintln(os.Stderr, "usage: EBAO_SECRET=... floorclient URL ACCESS_KEY LINES.jsonl CONCURRENCY")
		os.Exit(2)
	}
	url, access, path := os.Args[1], os.Args[2], os.Args[3]
	workers, err := strconv.Atoi(os.Args[4])
	if err != nil || workers < 1 {
		fmt.Fprintln(os.Stderr, "CONCURRENCY: a positive number")
		os.Exit(2)
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	lines := make(chan []byte, workers)
	var ok, total atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range lines {
				total.Add(1)
				sum := md5.Sum(append(body[:len(body):len(body)], secret...))
				u := url + "?version=1&accessKey=" + access + "&signature=" + hex.EncodeToString(sum[:])
				resp, err := client.Post(u, "application/json", bytes.NewReader(body))
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok.Add(1)
				}
			}
		}()
	}
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64<<10), 1<<20)
	for scanner.Scan() {
		lines <- bytes.Clone(scanner.Bytes())
	}
	close(lines)
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	n := total.Load()
	fmt.Printf("%d %d %.3f %.0f %.0f\n", n, ok.Load(), elapsed, float64(n)/elapsed, float64(cpu.Microseconds())/float64(n))
}
