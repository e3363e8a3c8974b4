package main

import (
	"fmt"
	"io"
)

// Flags win over environment variables, which win over the defaults; a demo
// keeps its data in files of its own unless told otherwise.
func Example_config() {
	env := map[string]string{"PBICONNECT_ADDR": "127.0.0.1:9090"}
	c, err := parseConfig("server", []string{"-demo"}, func(k string) string { return env[k] },
		io.Discard)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(c.Addr, c.Store, c.Keyring)
	// Output: 127.0.0.1:9090 sqlite:pbiconnect-demo.db pbiconnect-demo.keyring
}
