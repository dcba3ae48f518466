package cryptochill

type TransactionsService struct{ c *Client }
type PayoutsService struct{ c *Client }
type ConversionsService struct{ c *Client }
type ProfilesService struct{ c *Client }
type WalletsService struct{ c *Client }
type AutomaticPayoutsService struct{ c *Client }
type AutomaticConversionsService struct{ c *Client }
type ExchangeRatesService struct{ c *Client }
type AccountService struct{ c *Client }
type WebhooksService struct{ c *Client }

func newWebhooksService(c *Client) *WebhooksService { return &WebhooksService{c} }
