package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

func testCreate(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("GetMissingIsNotFound", func(t *testing.T) {
		_, err := open(t).Get(ctx, "org-missing")
		requireCode(t, powerbi.NotFound, err)
	})
	t.Run("CreatedRecordIsReturned", func(t *testing.T) {
		s := open(t)
		want := NewRecord("org-a", 1)
		put(t, s, want)
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, want, got)
	})
	t.Run("CreateTwiceIsConflict", func(t *testing.T) {
		s := open(t)
		put(t, s, NewRecord("org-a", 1))
		again := NewRecord("org-a", 1)
		again.Username = "someone-else@contoso.onmicrosoft.com"
		requireCode(t, powerbi.Conflict, s.Put(ctx, again, NewEvent(again)))

		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 1), got)
	})
	t.Run("VersionBelowOneIsRejected", func(t *testing.T) {
		s := open(t)
		for _, v := range []int64{0, -1} {
			rec := NewRecord("org-a", v)
			require.Error(t, s.Put(ctx, rec, NewEvent(rec)), "version %d", v)
		}
		_, err := s.Get(ctx, "org-a")
		requireCode(t, powerbi.NotFound, err)
	})
	t.Run("OrganizationsAreSeparate", func(t *testing.T) {
		s := open(t)
		put(t, s, NewRecord("org-a", 1))
		put(t, s, NewRecord("org-b", 1))
		put(t, s, NewRecord("org-b", 2))
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 1), got)
	})
}

func testReplace(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("NextVersionReplaces", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 3)
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 3), got)
	})
	t.Run("StaleVersionIsConflict", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 3)
		for _, v := range []int64{2, 3, 5} {
			rec := NewRecord("org-a", v)
			requireCode(t, powerbi.Conflict, s.Put(ctx, rec, NewEvent(rec)))
		}
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 3), got)
	})
	t.Run("MissingIsNotFound", func(t *testing.T) {
		s := open(t)
		rec := NewRecord("org-a", 2)
		requireCode(t, powerbi.NotFound, s.Put(ctx, rec, NewEvent(rec)))
		_, err := s.Get(ctx, "org-a")
		requireCode(t, powerbi.NotFound, err)
	})
	t.Run("FailedWriteAddsNoEvent", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 2)
		stale := NewRecord("org-a", 2)
		requireCode(t, powerbi.Conflict, s.Put(ctx, stale, NewEvent(stale)))
		missing := NewRecord("org-b", 4)
		requireCode(t, powerbi.NotFound, s.Put(ctx, missing, NewEvent(missing)))

		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		require.Len(t, evs, 2)
		evs, err = s.History(ctx, "org-b", 0)
		require.NoError(t, err)
		require.Empty(t, evs)
	})
}

func testDelete(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("RightVersionDeletes", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 2)
		require.NoError(t, s.Delete(ctx, "org-a", 2, NewDeleteEvent("org-a", 2)))
		_, err := s.Get(ctx, "org-a")
		requireCode(t, powerbi.NotFound, err)
	})
	t.Run("StaleVersionIsConflict", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 2)
		requireCode(t, powerbi.Conflict, s.Delete(ctx, "org-a", 1, NewDeleteEvent("org-a", 1)))
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 2), got)
	})
	t.Run("MissingIsNotFound", func(t *testing.T) {
		s := open(t)
		requireCode(t, powerbi.NotFound, s.Delete(ctx, "org-a", 1, NewDeleteEvent("org-a", 1)))
		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		require.Empty(t, evs)
	})
	t.Run("DeletedTwiceIsNotFound", func(t *testing.T) {
		s := open(t)
		put(t, s, NewRecord("org-a", 1))
		require.NoError(t, s.Delete(ctx, "org-a", 1, NewDeleteEvent("org-a", 1)))
		requireCode(t, powerbi.NotFound, s.Delete(ctx, "org-a", 1, NewDeleteEvent("org-a", 1)))
	})
	t.Run("RecreateAfterDeleteStartsAtOne", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 2)
		require.NoError(t, s.Delete(ctx, "org-a", 2, NewDeleteEvent("org-a", 2)))
		stale := NewRecord("org-a", 3)
		requireCode(t, powerbi.NotFound, s.Put(ctx, stale, NewEvent(stale)))
		put(t, s, NewRecord("org-a", 1))
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 1), got)
	})
}
