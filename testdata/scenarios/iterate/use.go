package iterate

import "context"

// Names collects the names of every repository, page after page.
func Names(ctx context.Context, api LLM) ([]string, error) {
	var names []string
	for repo, err := range api.Repos(ctx, "token", 100) {
		if err != nil {
			return nil, err
		}
		names = append(names, repo.Name)
	}
	return names, nil
}
