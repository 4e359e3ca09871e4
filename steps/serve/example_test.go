package serve_test

import (
	"fmt"
	"net/http"

	"github.com/fullstack-lab/fullstack-lab/steps/serve"
)

// The event of `ab -n 1 -H "Host: user1.comcast.com" http://localhost:5000/purchase_a_sword`,
// as game_api.py logs it.
func ExampleEvent() {
	r, _ := http.NewRequest("GET", "http://localhost:5000/purchase_a_sword", nil)
	r.Host = "user1.comcast.com"
	r.Header.Set("User-Agent", "ApacheBench/2.3")
	r.Header.Set("Accept", "*/*")
	fmt.Println(string(serve.Event("purchase_sword", r)))
	// Output: {"event_type": "purchase_sword", "Host": "user1.comcast.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}
}
