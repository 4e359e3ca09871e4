package serve

// Route is one event route of the game API: a GET of Path logs an event of
// EventType and answers Body.
type Route struct {
	Path      string
	EventType string
	Body      string
}

// DefaultRoutes are game_api.py's routes. Adding an event route is one line,
// as the course's later projects do (join_guild, buy_armor ...):
//
//	{"/join_a_guild", "join_guild", "Joined a guild!\n"},
var DefaultRoutes = []Route{
	{"/", "default", "This is the default response!\n"},
	{"/purchase_a_sword", "purchase_sword", "Sword Purchased!\n"},
}

// ServerSoftware is the Server header of the API's answers (ab reports it).
const ServerSoftware = "lab-serve (Go)"
