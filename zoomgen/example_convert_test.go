package zoomgen_test

import (
	"context"
	"fmt"

	"github.com/zoomgen/zoom/zoomgen"
)

// Converting a bare Postman item with Zoom's defaults: the {{baseUrl}}
// host becomes Zoom's server, :meetingId a required path parameter, and the
// item name the operationId that oapi-codegen turns into a Go method.
func ExampleConvert() {
	item := []byte(`{
	  "name": "Get a meeting",
	  "request": {
	    "method": "GET",
	    "url": {
	      "raw": "{{baseUrl}}/meetings/:meetingId",
	      "host": ["{{baseUrl}}"],
	      "path": ["meetings", ":meetingId"],
	      "variable": [{"key": "meetingId", "value": "85746065432", "description": "(Required) The meeting's ID."}]
	    }
	  },
	  "response": [{"name": "OK", "code": 200, "body": "{\"id\": 85746065432, \"topic\": \"My Meeting\"}"}]
	}`)
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "get_meeting.json", Data: item}}, zoomgen.ZoomOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	op := res.Doc.Paths.Value("/meetings/{meetingId}").Get
	id := op.Parameters.GetByInAndName("path", "meetingId")
	fmt.Println(res.Doc.Servers[0].URL)
	fmt.Println(op.OperationID, id.Required, id.Description, id.Schema.Value.Type.Slice(), id.Schema.Value.Format)
	// Output:
	// https://api.zoom.us/v2
	// getMeeting true The meeting's ID. [integer] int64
}
