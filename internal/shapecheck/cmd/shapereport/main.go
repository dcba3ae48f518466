// Command shapereport prints every departure of the provider packages and
// their sandboxes from the shape of PROVIDER.md §3, before the documented
// differences and the pending migration list of TestPackageShape are
// applied (run "go test ./internal/shapecheck -run TestPackageShape -v -args
// -shapereport" for the report with them applied). Run it from anywhere in
// the module: go run ./internal/shapecheck/cmd/shapereport.
package main

import (
	"fmt"
	"os"

	"github.com/coinsdk/coinsdk/internal/shapecheck"
)

func main() {
	root, err := shapecheck.ModuleRoot()
	if err == nil {
		var vs []shapecheck.Violation
		vs, err = shapecheck.Check(root)
		for _, v := range vs {
			fmt.Println(v)
		}
		fmt.Printf("%d findings\n", len(vs))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "shapereport:", err)
		os.Exit(1)
	}
}
