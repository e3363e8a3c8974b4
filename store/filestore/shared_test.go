package filestore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/store/filestore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// sharedChild makes sharedIncrements updates of sharedOrg in dir.
func sharedChild(dir string) error {
	s, err := filestore.Open(dir, filestore.Config{})
	if err != nil {
		return err
	}
	defer s.Close()
	return storetest.Increment(context.Background(), s, sharedOrg,
		fmt.Sprintf("process-%d", os.Getpid()), sharedIncrements)
}

func TestSharedDirectoryLosesNoUpdate(t *testing.T) {
	cases := []struct {
		name      string
		stores    int // stores opened in this process
		processes int // child processes writing too
	}{
		{"TwoStoresInOneProcess", 2, 0},
		{"ThreeProcesses", 1, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			first := open(t, dir)
			put(t, first, sharedOrg, 1)

			var wg sync.WaitGroup
			errs := make([]error, tc.stores+tc.processes)
			for i := range tc.stores {
				s := first
				if i > 0 {
					s = open(t, dir)
				}
				actor := fmt.Sprintf("store-%d", i)
				wg.Go(func() {
					errs[i] = storetest.Increment(context.Background(), s, sharedOrg, actor,
						sharedIncrements)
				})
			}
			for i := range tc.processes {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), sharedEnv+"="+dir)
				wg.Go(func() {
					if out, err := cmd.CombinedOutput(); err != nil {
						errs[tc.stores+i] = fmt.Errorf("child: %w: %s", err, out)
					}
				})
			}
			wg.Wait()
			for _, err := range errs {
				require.NoError(t, err)
			}

			writes := len(errs) * sharedIncrements
			got, err := first.Get(context.Background(), sharedOrg)
			require.NoError(t, err)
			require.EqualValues(t, 1+writes, got.Version)
			evs, err := first.History(context.Background(), sharedOrg, 0)
			require.NoError(t, err)
			require.Len(t, evs, 1+writes)
			for i, e := range evs {
				require.EqualValues(t, 1+writes-i, e.Version, "event %d", i)
			}
		})
	}
}
