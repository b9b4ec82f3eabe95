package zoomgen_test

import (
	"context"
	"fmt"

	"github.com/zoomgen/zoom/zoomgen"
)

// A committed name stays with its endpoint when an item that would take
// it is added: the newcomer is qualified by the words of its own path.
func ExampleLockNames() {
	item := func(path string) zoomgen.Source {
		return zoomgen.Source{Name: path + ".json", Data: []byte(`{"name": "List registrants", "request": {"method": "GET",
		  "url": "{{baseUrl}}/` + path + `/registrants"}}`)}
	}
	table := &zoomgen.Names{Operations: map[string]string{"GET /meetings/registrants": "listRegistrants"}}
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{item("meetings"), item("archive")}, zoomgen.ZoomOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	// Alone, the converter gives the plain name to the path sorting first.
	fmt.Println(res.Doc.Paths.Value("/archive/registrants").Get.OperationID)
	table, notes := zoomgen.LockNames(res.Doc, table, nil)
	fmt.Println(res.Doc.Paths.Value("/meetings/registrants").Get.OperationID)
	fmt.Println(table.Operations["GET /archive/registrants"])
	fmt.Println(notes[0])
	// Output:
	// listRegistrants
	// listRegistrants
	// listRegistrantsForArchive
	// GET /archive/registrants: listRegistrants would take the name of GET /meetings/registrants; named listRegistrantsForArchive
}
