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

// Formats are inferred only where every example has one: the leading space
// in the second join URL leaves join_url a plain string.
func ExampleInferSchemaWithFormats() {
	a, _ := zoomgen.DecodeExample([]byte(`{"email": "a@example.com", "join_url": "https://zoom.us/j/1", "created": "2022-03-22T05:59:09Z"}`))
	b, _ := zoomgen.DecodeExample([]byte(`{"email": "b@example.org", "join_url": " https://zoom.us/j/2", "created": "2023-01-01T00:00:00Z"}`))
	s := zoomgen.MergeSchemas(zoomgen.InferSchemaWithFormats(a), zoomgen.InferSchemaWithFormats(b))
	for _, p := range []string{"created", "email", "join_url"} {
		fmt.Printf("%s: %q\n", p, s.Properties[p].Value.Format)
	}
	// Output:
	// created: "date-time"
	// email: "email"
	// join_url: ""
}

// A problem names the file, the item's place in the collection, its name
// and the field at fault. An odd item is a warning: the rest converts.
func ExampleProblem() {
	col := []byte(`{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
	  "item": [{"name": "Meetings", "item": [{"name": "Perform batch registration", "request": {"method": "POST", "url": "https://api.zoom.us/v2/meetings/1/batch_registrants",
	    "body": {"mode": "formdata", "formdata": [{"key": "auto_approve", "value": "true"}, {"key": "registrants", "value": "[{", "contentType": "application/json"}]}}}]}]}`)
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "zoom.postman.json", Data: col}}, zoomgen.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Warnings[0])
	// Output:
	// zoom.postman.json: item[0].item[0] "Perform batch registration": request.body.formdata[1].value: field "registrants" is declared application/json but its value is not JSON (unexpected EOF); the field is left out
}
