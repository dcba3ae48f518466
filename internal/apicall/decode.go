package apicall

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/coinsdk/coinsdk/internal/decjson"
)

// Object sends k and decodes the answer's payload, one object, into a T.
func Object[T any](ctx context.Context, p *Pipeline, k *Call) (*T, error) {
	payload, _, err := p.Payload(ctx, k)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := p.DecodeInto(k, payload, v); err != nil {
		return nil, err
	}
	return v, nil
}

// List sends k and decodes the answer's payload, a JSON array, into a
// slice (empty, never nil, for an empty list), each element decoded once;
// meta is the list metadata Unwrap found (nil when none).
func List[T any](ctx context.Context, p *Pipeline, k *Call) (items []T, meta []byte, err error) {
	payload, meta, err := p.Payload(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	items, err = DecodeList[T](p, k, payload)
	return items, meta, err
}

// DecodeList decodes a JSON array's elements into a slice sized once (or
// the whole array at once, by the pipeline's DecodeList when it knows T).
func DecodeList[T any](p *Pipeline, k *Call, payload []byte) ([]T, error) {
	if p.DecodeList != nil {
		if trimmed := bytes.TrimSpace(payload); len(trimmed) == 0 || trimmed[0] != '[' {
			return nil, p.Malformed(k, payload, "answer has no list")
		}
		var items []T
		ok, err := p.DecodeList(payload, &items)
		if ok {
			if err != nil {
				return nil, p.Malformed(k, payload, "undecodable list: "+err.Error())
			}
			if items == nil {
				items = []T{}
			}
			return items, nil
		}
	}
	n := 0
	if err := decjson.Elements(payload, func([]byte) error { n++; return nil }); err != nil {
		return nil, p.Malformed(k, payload, "answer has no list: "+err.Error())
	}
	items := make([]T, n)
	i := 0
	err := decjson.Elements(payload, func(elem []byte) error {
		err := p.DecodeInto(k, elem, &items[i])
		i++
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// DecodeInto decodes one object's bytes into v once (see Pipeline.Decode);
// bytes that are not a JSON object, or that the model refuses, are
// malformed (an unknown outcome for a state-changing call).
func (p *Pipeline) DecodeInto(k *Call, raw []byte, v any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return p.Malformed(k, raw, "answer has no object")
	}
	var err error
	if p.Decode != nil {
		err = p.Decode(raw, v)
	} else {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		return p.Malformed(k, raw, "undecodable object: "+err.Error())
	}
	return nil
}
