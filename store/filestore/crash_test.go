package filestore_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/filestore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// crashEnv names the directory a child process writes to until it is
// killed; see TestMain.
const (
	crashEnv    = "PBICONNECT_FILESTORE_CRASH_DIR"
	crashOrg    = "org/crash:ü"
	crashRounds = 20
)

// sharedEnv names the directory a child process makes sharedIncrements
// updates in before it exits; see TestMain.
const (
	sharedEnv        = "PBICONNECT_FILESTORE_SHARED_DIR"
	sharedOrg        = "org-shared"
	sharedIncrements = 15
)

// TestMain lets the test binary play a child process of the tests below.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		return
	}
	if dir := os.Getenv(sharedEnv); dir != "" {
		if err := sharedChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return
	}
	os.Exit(m.Run())
}

// crashChild writes to dir in a loop until it is killed.
func crashChild(dir string) {
	s, err := filestore.Open(dir, filestore.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for {
		if err := step(s); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

// step moves crashOrg one step along its cycle: create version 1, replace
// up to version 5, delete, and again.
func step(s powerbi.Store) error {
	ctx := context.Background()
	cur, err := s.Get(ctx, crashOrg)
	switch {
	case powerbi.ErrorCode(err) == powerbi.NotFound:
		rec := storetest.NewRecord(crashOrg, 1)
		return s.Put(ctx, rec, storetest.NewEvent(rec))
	case err != nil:
		return err
	case cur.Version%5 == 0:
		return s.Delete(ctx, crashOrg, cur.Version, storetest.NewDeleteEvent(crashOrg, cur.Version))
	}
	rec := storetest.NewRecord(crashOrg, cur.Version+1)
	return s.Put(ctx, rec, storetest.NewEvent(rec))
}

func TestKilledWriterLeavesOldOrNewRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a child process many times")
	}
	dir := t.TempDir()
	var committed []powerbi.Event // oldest first
	var rollbacks int
	for round := range crashRounds {
		runChild(t, dir, time.Duration(5+round*37%95)*time.Millisecond)

		var logs bytes.Buffer
		s, err := filestore.Open(dir, filestore.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		require.NoError(t, err)
		evs := requireConsistent(t, s)
		require.GreaterOrEqual(t, len(evs), len(committed), "round %d lost events", round)
		storetest.RequireEventsEqual(t, committed, evs[:len(committed)])

		// A write of our own rolls back whatever the kill left unfinished.
		require.NoError(t, step(s))
		committed = requireConsistent(t, s)
		rollbacks += strings.Count(logs.String(), "rolled back")
		require.NoError(t, s.Close())
	}
	require.Greater(t, len(committed), crashRounds, "the children wrote nothing")
	t.Logf("%d events after %d kills; %d unfinished writes rolled back",
		len(committed), crashRounds, rollbacks)
}

// runChild starts a writer on dir, lets it write for about d after it is
// ready, and kills it with SIGKILL.
func runChild(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	ready := make(chan bool, 1)
	go func() { ready <- bufio.NewScanner(out).Scan() }()
	select {
	case ok := <-ready:
		if !ok {
			_ = cmd.Wait()
			t.Fatalf("child exited early: %s", stderr.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child did not start")
	}
	time.Sleep(d)
	require.NoError(t, cmd.Process.Kill()) // SIGKILL on Unix
	err = cmd.Wait()
	require.Error(t, err, "child should have been killed")
	require.Empty(t, stderr.String(), "child failed")
}

// requireConsistent checks that the record of crashOrg is whole and that
// its history is a valid sequence of steps ending in the record's state,
// and returns the history oldest first.
func requireConsistent(t *testing.T, s powerbi.Store) []powerbi.Event {
	t.Helper()
	ctx := context.Background()
	rec, err := s.Get(ctx, crashOrg)
	if err != nil {
		require.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err), "error: %v", err)
		rec = nil
	} else {
		storetest.RequireRecordEqual(t, storetest.NewRecord(crashOrg, rec.Version), rec)
	}
	evs, err := s.History(ctx, crashOrg, 0)
	require.NoError(t, err)
	slices.Reverse(evs)

	var version int64 // 0: no record
	for i, e := range evs {
		switch e.Action {
		case powerbi.ActionCreated:
			require.Zero(t, version, "event %d creates over version %d", i, version)
			require.EqualValues(t, 1, e.Version, "event %d", i)
		case powerbi.ActionReplaced:
			require.Equal(t, version+1, e.Version, "event %d", i)
			require.NotZero(t, version, "event %d replaces nothing", i)
		case powerbi.ActionDeleted:
			require.Equal(t, version, e.Version, "event %d", i)
			require.NotZero(t, version, "event %d deletes nothing", i)
		default:
			t.Fatalf("event %d has action %q", i, e.Action)
		}
		version = e.Version
		if e.Action == powerbi.ActionDeleted {
			version = 0
		}
	}
	if rec == nil {
		require.Zero(t, version, "history ends at version %d, but there is no record", version)
	} else {
		require.Equal(t, version, rec.Version, "history does not end at the record's version")
	}
	return evs
}
