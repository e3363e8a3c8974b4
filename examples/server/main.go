package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program: it returns the exit code. Logs go to stderr;
// what a person must read (demo tokens, rotation progress) goes to stdout.
func run(ctx context.Context, args []string, getenv func(string) string,
	stdout, stderr io.Writer) int {
	cmd, name := "serve", "server"
	if len(args) > 0 && args[0] == "rotate-keys" {
		cmd, name, args = args[0], "server rotate-keys", args[1:]
	}
	cfg, err := parseConfig(name, args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	if cmd == "rotate-keys" {
		err = rotateKeys(ctx, cfg, log, stdout)
	} else {
		err = runServer(ctx, cfg, log, stdout)
	}
	if err != nil {
		log.Error(cmd+" failed", "err", err)
		return 1
	}
	return 0
}
