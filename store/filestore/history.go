package filestore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// The history file of an organization holds one JSON-encoded
// [powerbi.Event] per line, oldest first, and only ever grows, except when
// a write rolls back an event of its own or of a crashed writer.
//
// A write appends and syncs its event before it replaces or removes the
// record file, so the record file is the commit point. An event is
// committed if the record agrees with it; at most the last event can
// disagree, left by a writer that died between the two steps, and readers
// skip it while the next writer cuts it off. A last line without its
// newline is an append that never finished and is treated the same way.

// maxHistoryBytes bounds how much of a history file is read into memory.
const maxHistoryBytes = 64 << 20

// logTail is the end of a history file as far as it was read.
type logTail struct {
	events  []powerbi.Event // complete events, oldest first
	ends    []int64         // file offset just past each event's line
	earlier bool            // whether complete lines precede events
	size    int64           // file size, including an unfinished line
}

// committedEnd returns the offset up to which the history agrees with rec
// (nil when the record does not exist), and how many trailing events it
// drops: zero, or one left by a crashed writer.
func (t *logTail) committedEnd(org string, rec *powerbi.Record) (int64, int, error) {
	n := len(t.events)
	if agrees(t.events, t.earlier, rec) {
		return t.end(n), 0, nil
	}
	if n > 0 && agrees(t.events[:n-1], t.earlier, rec) {
		return t.end(n - 1), 1, nil
	}
	return 0, 0, corrupt("history", org, errors.New("history does not match the record"))
}

// end is the offset just past the first n events read.
func (t *logTail) end(n int) int64 {
	if n == 0 {
		return 0 // only reached when nothing precedes: see readTail
	}
	return t.ends[n-1]
}

// agrees reports whether evs, the last events of a history, end in the
// state of rec.
func agrees(evs []powerbi.Event, earlier bool, rec *powerbi.Record) bool {
	if len(evs) == 0 {
		return !earlier && rec == nil
	}
	last := evs[len(evs)-1]
	if last.Action == powerbi.ActionDeleted {
		return rec == nil
	}
	return rec != nil && rec.Version == last.Version
}

// readLog reads the whole history of org. A missing file is an empty
// history.
func readLog(path, org string) (*logTail, error) {
	b, err := readBounded(path, maxHistoryBytes)
	if errors.Is(err, os.ErrNotExist) {
		return &logTail{}, nil
	}
	if err != nil {
		return nil, corrupt("history", org, err)
	}
	return parseLog(b, 0, false, org)
}

// readTail reads enough of the end of org's history to hold its last two
// events, for writers that only need to know how it ends.
func readTail(path, org string) (*logTail, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &logTail{}, nil
	}
	if err != nil {
		return nil, internal("open history", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, internal("stat history", err)
	}
	size := fi.Size()
	for window := int64(4 << 10); ; window *= 4 {
		start := max(size-window, 0)
		b := make([]byte, size-start)
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return nil, internal("read history", err)
		}
		t, err := parseLog(b, start, start > 0, org)
		if err != nil || start == 0 || len(t.events) >= 2 {
			return t, err
		}
	}
}

// parseLog parses the complete lines of b, which starts at offset base of
// the file. If partial, b may start inside a line, which is skipped.
func parseLog(b []byte, base int64, partial bool, org string) (*logTail, error) {
	t := &logTail{size: base + int64(len(b))}
	off := 0
	if partial {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return t, nil
		}
		off, t.earlier = i+1, true
	}
	for {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return t, nil // an unfinished append, if anything
		}
		var ev powerbi.Event
		if err := json.Unmarshal(b[off:off+i], &ev); err != nil {
			return nil, corrupt("history", org, fmt.Errorf("line at byte %d: %w", base+int64(off), err))
		}
		if ev.OrgID != org {
			return nil, corrupt("history", org,
				fmt.Errorf("line at byte %d names another organization", base+int64(off)))
		}
		off += i + 1
		t.events = append(t.events, ev)
		t.ends = append(t.ends, base+int64(off))
	}
}

// encodeEvent returns ev as one history line.
func encodeEvent(ev powerbi.Event) ([]byte, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
