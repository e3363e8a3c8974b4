package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
)

// The program runs offline: an admin saves settings through the HTTP API,
// then the host reads the credentials server-side and reaches Power BI,
// both simulated on loopback.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, "", &out); err != nil {
		fmt.Println("error:", err)
		return
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[len(lines)-1])
	// Output:
	// an admin of acme saved the Power BI settings
	// workspace "Sales dashboards" is reachable (settings version 1)
}
