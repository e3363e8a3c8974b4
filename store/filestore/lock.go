package filestore

import (
	"context"
	"errors"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// A Store takes two locks for each call: its own weighted semaphore, which
// orders the calls of this process (a reader takes one unit, a writer all
// of them), and the lock file, which orders processes. The lock file is
// held shared by the readers of this process together (the first takes it,
// the last releases it) and exclusively by one writer. Every wait, for the
// semaphore or the file, ends when the caller's context does.

// maxReaders is the semaphore's size: how many reads of one process may
// run at once, and what a writer takes to exclude them all.
const maxReaders = 1 << 20

// writeLock excludes every other call in this and other processes. It gives
// up with the context's error when ctx is done.
func (s *Store) writeLock(ctx context.Context) error {
	if err := s.sem.Acquire(ctx, maxReaders); err != nil {
		return err
	}
	if err := s.usable(ctx); err != nil {
		s.sem.Release(maxReaders)
		return err
	}
	if _, err := s.lock.TryLockContext(ctx, s.poll); err != nil {
		s.sem.Release(maxReaders)
		return lockErr(err)
	}
	return nil
}

func (s *Store) writeUnlock() {
	_ = s.lock.Unlock() // closing the lock file releases the lock in any case
	s.sem.Release(maxReaders)
}

// readLock excludes writers in this and other processes.
func (s *Store) readLock(ctx context.Context) error {
	if err := s.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	if err := s.usable(ctx); err != nil {
		s.sem.Release(1)
		return err
	}
	if err := s.shareFile(ctx); err != nil {
		s.sem.Release(1)
		return lockErr(err)
	}
	return nil
}

// shareFile counts the caller among the readers of this process that hold
// the shared file lock, taking the lock if none does yet. It never waits
// while holding rmu, so a reader whose context ends stops waiting at once
// even while another reader is still polling for the file.
func (s *Store) shareFile(ctx context.Context) error {
	for {
		s.rmu.Lock()
		if s.readers > 0 {
			s.readers++
			s.rmu.Unlock()
			return nil
		}
		ok, err := s.lock.TryRLock()
		if ok {
			s.readers = 1
		}
		s.rmu.Unlock()
		if ok || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.poll):
		}
	}
}

func (s *Store) readUnlock() {
	s.rmu.Lock()
	s.readers--
	if s.readers == 0 {
		_ = s.lock.Unlock()
	}
	s.rmu.Unlock()
	s.sem.Release(1)
}

// usable fails if the store is closed or ctx is done. Callers hold at
// least one unit of the semaphore, so closed cannot change meanwhile.
func (s *Store) usable(ctx context.Context) error {
	if s.closed {
		return powerbi.Errorf(powerbi.Internal, "filestore: store is closed")
	}
	return ctx.Err()
}

func lockErr(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return internal("lock directory", err)
}
