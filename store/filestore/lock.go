package filestore

import (
	"context"
	"errors"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// A Store takes two locks for each call: its own RWMutex, which orders the
// calls of this process, and the lock file, which orders processes. The
// lock file is held shared by the readers of this process together (the
// first takes it, the last releases it) and exclusively by one writer.

// writeLock excludes every other call in this and other processes. It gives
// up with the context's error when ctx is done.
func (s *Store) writeLock(ctx context.Context) error {
	s.mu.Lock()
	if err := s.usable(ctx); err != nil {
		s.mu.Unlock()
		return err
	}
	if _, err := s.lock.TryLockContext(ctx, s.poll); err != nil {
		s.mu.Unlock()
		return lockErr(err)
	}
	return nil
}

func (s *Store) writeUnlock() {
	_ = s.lock.Unlock() // closing the lock file releases the lock in any case
	s.mu.Unlock()
}

// readLock excludes writers in this and other processes. The first reader
// in this process takes the shared file lock, the last one releases it.
func (s *Store) readLock(ctx context.Context) error {
	s.mu.RLock()
	if err := s.usable(ctx); err != nil {
		s.mu.RUnlock()
		return err
	}
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.readers == 0 {
		if _, err := s.lock.TryRLockContext(ctx, s.poll); err != nil {
			s.mu.RUnlock()
			return lockErr(err)
		}
	}
	s.readers++
	return nil
}

func (s *Store) readUnlock() {
	s.rmu.Lock()
	s.readers--
	if s.readers == 0 {
		_ = s.lock.Unlock()
	}
	s.rmu.Unlock()
	s.mu.RUnlock()
}

// usable fails if the store is closed or ctx is done.
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
