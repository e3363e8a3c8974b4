package filestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"golang.org/x/sync/semaphore"

	"github.com/pbiconnect/pbiconnect/internal/atomicfile"
	"github.com/pbiconnect/pbiconnect/powerbi"
)

var _ powerbi.Store = (*Store)(nil)

// Config configures a [Store]. The zero value is ready to use.
type Config struct {
	// Logger receives a warning when the store rolls back a write that a
	// crash left unfinished. If nil, nothing is logged.
	Logger *slog.Logger
	// LockPoll is how often a call retries while another process holds the
	// directory lock. Zero means 2ms.
	LockPoll time.Duration
}

// Store is a [powerbi.Store] kept in a directory. Create one with [Open];
// the zero value is not usable.
//
// A Store is safe for concurrent use. Within a process, reads run in
// parallel and writes one at a time; between processes, a lock file makes
// every write exclusive, so several processes may share one directory.
type Store struct {
	dir  string // the orgs directory
	log  *slog.Logger
	poll time.Duration

	sem     *semaphore.Weighted // readers: Get, History, List; writers: Put, Delete, Close
	lock    *flock.Flock
	rmu     sync.Mutex // guards readers
	readers int        // calls in this process holding the shared file lock
	closed  bool

	// writeRecord replaces a record file durably: atomicfile.Write, unless
	// a test of this package makes it fail.
	writeRecord func(path string, data []byte) error
}

// Open opens the store kept in dir, creating dir with mode 0700 if it does
// not exist. It refuses a directory that the group or others may write to,
// keeps the records in a subdirectory with mode 0700, and removes the
// temporary files that a crash left behind. Errors: Invalid for an
// unusable directory, Internal for anything else.
func Open(dir string, cfg Config) (*Store, error) {
	if err := prepareDir(dir); err != nil {
		return nil, err
	}
	s := &Store{
		dir:  filepath.Join(dir, orgsDir),
		log:  cfg.Logger,
		poll: cfg.LockPoll,
		lock: flock.New(filepath.Join(dir, lockFile), flock.SetPermissions(0o600)),
		sem:  semaphore.NewWeighted(maxReaders),
		writeRecord: func(path string, data []byte) error {
			return atomicfile.Write(path, data, tempPrefix+"*")
		},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.poll <= 0 {
		s.poll = 2 * time.Millisecond
	}
	if err := s.removeTemps(); err != nil {
		return nil, err
	}
	return s, nil
}

// Names inside the store's directory.
const (
	lockFile = "lock"
	orgsDir  = "orgs"
)

// prepareDir creates dir, or checks that it is a directory that only its
// owner may change. The records themselves live in a subdirectory that
// only the owner may enter.
func prepareDir(dir string) error {
	if dir == "" {
		return powerbi.Errorf(powerbi.Invalid, "filestore: no directory given")
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return internal("create directory", err)
		}
		fi, err = os.Stat(dir)
	}
	if err != nil {
		return internal("stat directory", err)
	}
	if !fi.IsDir() {
		return powerbi.Errorf(powerbi.Invalid, "filestore: %s is not a directory", dir)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return powerbi.Errorf(powerbi.Invalid,
			"filestore: directory %s is writable by group or others (mode %v)", dir, fi.Mode().Perm())
	}
	return prepareOrgsDir(filepath.Join(dir, orgsDir))
}

// prepareOrgsDir creates the records directory with mode 0700, or checks
// that it has it.
func prepareOrgsDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return internal("create directory", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return internal("stat directory", err)
	}
	if !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 {
		return powerbi.Errorf(powerbi.Invalid,
			"filestore: %s must be a directory with mode 0700, not %v", dir, fi.Mode())
	}
	return nil
}

// removeTemps deletes the temporary files of writes that never finished.
func (s *Store) removeTemps() error {
	if err := s.writeLock(context.Background()); err != nil {
		return err
	}
	defer s.writeUnlock()
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return internal("read directory", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			if err := os.Remove(filepath.Join(s.dir, e.Name())); err != nil {
				return internal("remove temporary file", err)
			}
		}
	}
	return nil
}

// Close releases the store's lock file. Calls after Close fail with
// Internal. Close waits for calls in progress and is safe to call twice.
func (s *Store) Close() error {
	_ = s.sem.Acquire(context.Background(), maxReaders) // never fails without a deadline
	defer s.sem.Release(maxReaders)
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.lock.Close(); err != nil {
		return internal("close lock file", err)
	}
	return nil
}

// internal wraps a file system failure. Paths in err name only encoded
// organization IDs, never a secret.
func internal(what string, err error) error {
	return &powerbi.Error{Code: powerbi.Internal, Message: "filestore: " + what, Err: err}
}

// corrupt reports a file that cannot be what this package wrote.
func corrupt(kind, org string, err error) error {
	return &powerbi.Error{Code: powerbi.Internal,
		Message: fmt.Sprintf("filestore: %s of organization %q is corrupted", kind, org), Err: err}
}
