package gatewaytest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// dedication is a dedicated address's state.
type dedication struct {
	id, num, dtype, alloc string
	asset                 *asset
	status                string
	address, addressID    string
	start, end            time.Time
	payer                 [3]string
	description           string
	customs               map[string]string
	webhookURL            string
	successURL            string
}

func (s *Server) createDedicated(w http.ResponseWriter, r *http.Request) {
	b, e := readBody(r)
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	d := &dedication{customs: b.customs(), status: "OPEN"}
	assetID, e := b.str("asset_id")
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	if d.asset = lookupAsset(assetID); d.asset == nil {
		writeErr(w, "ERR_NO_ASSET", "Asset <"+assetID+"> not found.")
		return
	}
	if !d.asset.crypto() {
		d.asset = lookupAsset("BTC") // a fiat dedication receives on the Bitcoin network
	}
	for _, f := range []struct {
		k string
		v *string
	}{{"address_alloc", &d.alloc}, {"dedicate_type", &d.dtype}, {"payer_email", &d.payer[0]}, {"payer_name", &d.payer[1]},
		{"payer_lang", &d.payer[2]}, {"description", &d.description}, {"webhook_url", &d.webhookURL}, {"success_url", &d.successURL}} {
		if *f.v, e = b.str(f.k); e != nil {
			writeAPIErr(w, e)
			return
		}
	}
	if d.alloc == "" {
		d.alloc = "NEW"
	}
	if d.dtype == "" {
		d.dtype = "USES"
	}
	if d.alloc != "NEW" && d.alloc != "POOL" {
		writeErr(w, "ERR_VALIDATION", "address_alloc must be NEW or POOL")
		return
	}
	if d.dtype != "USES" && d.dtype != "ASSIGN" {
		writeErr(w, "ERR_VALIDATION", "dedicate_type must be USES or ASSIGN")
		return
	}
	s.mu.Lock()
	d.id, d.num = s.nextIDLocked()
	d.start = s.Now().UTC().Truncate(time.Second)
	d.end = d.start.AddDate(10, 0, 0)
	d.address, d.addressID = newAddress(d.asset), uuidLike(sandboxkit.RandomHex(16))
	if d.alloc == "POOL" {
		for _, old := range s.dedicated {
			if old.status == "COMPLETE" && old.asset == d.asset {
				d.address, d.addressID = old.address, old.addressID
				break
			}
		}
	}
	s.dedicated[d.id] = d
	view := s.dedicatedJSONLocked(d)
	note := s.dedicatedNoteLocked(d, view)
	s.mu.Unlock()
	writeJSON(w, view)
	sandboxkit.Deliver(s.kit, note)
}

func (s *Server) releaseDedicated(w http.ResponseWriter, id string) {
	s.mu.Lock()
	d := s.dedicated[id]
	if d == nil {
		s.mu.Unlock()
		writeErr(w, "ERR_NO_DEDICATE", "Dedicate <"+id+"> not found.")
		return
	}
	changed := d.status != "COMPLETE"
	d.status = "COMPLETE"
	view := s.dedicatedJSONLocked(d)
	note := s.dedicatedNoteLocked(d, view)
	s.mu.Unlock()
	writeJSON(w, view)
	if changed {
		sandboxkit.Deliver(s.kit, note)
	}
}

func (s *Server) dedicatedJSONLocked(d *dedication) map[string]any {
	m := map[string]any{
		"dedicate_id": d.id, "dedicate_type": d.dtype, "store_id": s.StoreID, "account_id": uuidLike(pad32(s.StoreID + d.asset.id)),
		"dedicate_num": d.num, "store_name": "Sandbox", "is_test": true, "asset_id": d.asset.id, "status": d.status,
		"status_name": statusName(d.status), "crypto_network": d.asset.network, "crypto_network_name": d.asset.networkName,
		"address_id": d.addressID, "address": d.address, "address_alloc": d.alloc,
		"start_date": d.start.Format(timeLayout), "end_date": d.end.Format(timeLayout),
		"payment_url": "https://payer.sandbox.example/dedicate/" + d.id,
		"qrcode_url":  "https://api.sandbox.example/int/dedicate/" + d.id + "/qrcode",
		"payer_email": d.payer[0], "payer_name": d.payer[1], "payer_lang": d.payer[2], "description": d.description,
		"webhook_url": d.webhookURL, "success_url": d.successURL,
	}
	putCustoms(m, d.customs)
	return m
}

// dedicatedNoteLocked is a dedicated address sent as a bare object, as the
// documentation's webhook examples show it.
func (s *Server) dedicatedNoteLocked(d *dedication, view map[string]any) sandboxkit.Notification {
	body, _ := json.Marshal(view)
	return sandboxkit.Notification{Type: "dedicate", Status: d.status, ObjectID: d.id, Target: d.webhookURL, Body: body, Header: s.sign(body)}
}
