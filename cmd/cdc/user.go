package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// maxKeyFile bounds a public key file: one key is well under a kilobyte.
const maxKeyFile = 64 << 10

func newUserCmd(a *app) *cobra.Command {
	return group("user", newUserAddCmd(a), newUserListCmd(a), newUserSetCmd(a), newUserRemoveCmd(a))
}

// roleWord names a role in the printer's language.
func roleWord(w vocab.Printer, r catalog.Role) string { return w.T("user.role." + string(r)) }

// keyFlags gathers keys given as files and as strings.
type keyFlags struct{ files, strings []string }

func (k *keyFlags) lines(w vocab.Printer) ([]string, error) {
	out := append([]string(nil), k.strings...)
	for _, f := range k.files {
		line, err := readKeyFile(w, f)
		if err != nil {
			return nil, err
		}
		out = append(out, line)
	}
	return out, nil
}

// readKeyFile reads the one public key in a file such as ~/.ssh/id_ed25519.pub.
func readKeyFile(w vocab.Printer, path string) (string, error) {
	const what = "cli.file.key"
	f, err := os.Open(path)
	if err != nil {
		return "", fileError(w, what, path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", fileError(w, what, path, err)
	}
	if len(data) > maxKeyFile {
		return "", errors.New(w.T("cli.user.key.too_large", path, maxKeyFile>>10))
	}
	if strings.Contains(string(data), "PRIVATE KEY") {
		return "", errors.New(w.T("cli.user.key.private", path))
	}
	var keys []string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, maxKeyFile+1), maxKeyFile+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			keys = append(keys, line)
		}
	}
	switch len(keys) {
	case 0:
		return "", errors.New(w.T("cli.user.key.none", path))
	case 1:
		if _, err := catalog.ParseAuthorizedKey(keys[0]); err != nil {
			return "", fileError(w, what, path, err)
		}
		return keys[0], nil
	}
	return "", errors.New(w.T("cli.user.key.many", path, len(keys)))
}

// orgIDs resolves --org names or IDs.
func orgIDs(ctx context.Context, s *catalog.Store, refs []string) ([]int64, error) {
	var ids []int64
	for _, r := range refs {
		o, err := s.FindOrg(ctx, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

func newUserAddCmd(a *app) *cobra.Command {
	var keys keyFlags
	var role string
	var orgs []string
	cmd := &cobra.Command{
		Use: "add NAME --key FILE --role ROLE",
		Example: `  cdc user add amina --key amina.pub --role assessor --org "Ministry of Health"
  cdc user add li --key-string "ssh-ed25519 AAAAC3Nza... li@laptop" --role viewer`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := a.printer()
			if role == "" {
				return usageError(errors.New(w.T("cli.user.no_role")))
			}
			r, err := catalog.ParseRole(role)
			if err != nil {
				return usageError(err)
			}
			lines, err := keys.lines(w)
			if err != nil {
				return err
			}
			if len(lines) == 0 {
				return usageError(errors.New(w.T("cli.user.no_key")))
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			ids, err := orgIDs(cmd.Context(), s, orgs)
			if err != nil {
				return err
			}
			u, err := s.AddUser(cmd.Context(), catalog.NewUser{Name: strings.TrimSpace(args[0]), Role: r, Keys: lines, OrgIDs: ids})
			if err != nil {
				return err
			}
			text := w.T("user.added", cellText(u.Name), roleWord(w, u.Role), u.Keys[0].Fingerprint)
			if u.Role == catalog.RoleAssessor && len(u.Orgs) == 0 {
				text += "\n" + w.T("user.added.noorg")
			}
			return a.result(u, text)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&keys.files, "key", nil, "")
	f.StringArrayVar(&keys.strings, "key-string", nil, "")
	f.StringVar(&role, "role", "", "")
	f.StringArrayVar(&orgs, "org", nil, "")
	return cmd
}

func newUserListCmd(a *app) *cobra.Command {
	return storeList(a, (*catalog.Store).Users, func(w vocab.Printer) string { return w.T("user.list.empty") },
		func(_ *cobra.Command, _ *catalog.Store, us []catalog.User, w vocab.Printer) (*outTable, error) {
			t := newTable(w.T("user.col.name"), w.T("user.col.role"), w.T("user.col.orgs"), w.T("user.col.keys"))
			for _, u := range us {
				var orgs []string
				for _, o := range u.Orgs {
					orgs = append(orgs, o.Name)
				}
				org := strings.Join(orgs, ", ")
				switch {
				case u.Role != catalog.RoleAssessor:
					org = w.T("user.list.all")
				case org == "":
					org = w.Unknown()
				}
				for i, k := range u.Keys {
					desc := k.Fingerprint
					if k.Comment != "" {
						desc += " " + k.Comment
					}
					if i == 0 {
						t.row(u.Name, roleWord(w, u.Role), org, desc)
					} else {
						t.row("", "", "", desc)
					}
				}
			}
			return t, nil
		})
}

func newUserSetCmd(a *app) *cobra.Command {
	var add keyFlags
	var role string
	var removeKeys, orgs, removeOrgs []string
	cmd := &cobra.Command{
		Use: "set NAME",
		Example: `  cdc user set amina --org "Ministry of Finance"
  cdc user set amina --key new.pub --remove-key SHA256:Xp3...
  cdc user set li --role assessor --org "Ministry of Health"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p catalog.UserPatch
			var err error
			if p.Role, err = parsedFlag(role != "", role, catalog.ParseRole); err != nil {
				return err
			}
			w := a.printer()
			if p.AddKeys, err = add.lines(w); err != nil {
				return err
			}
			p.RemoveKeys = removeKeys
			if p.Role == nil && len(p.AddKeys) == 0 && len(removeKeys) == 0 && len(orgs) == 0 && len(removeOrgs) == 0 {
				return usageError(errors.New(w.T("cli.error.nothing_to_change", "--role, --key, --key-string, --remove-key, --org, --remove-org")))
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if p.AddOrgs, err = orgIDs(cmd.Context(), s, orgs); err != nil {
				return err
			}
			if p.RemoveOrgs, err = orgIDs(cmd.Context(), s, removeOrgs); err != nil {
				return err
			}
			u, err := s.UpdateUser(cmd.Context(), args[0], p)
			if err != nil {
				return err
			}
			return a.result(u, w.T("user.updated", cellText(u.Name), roleWord(w, u.Role), len(u.Keys), len(u.Orgs)))
		},
	}
	f := cmd.Flags()
	f.StringVar(&role, "role", "", "")
	f.StringArrayVar(&add.files, "key", nil, "")
	f.StringArrayVar(&add.strings, "key-string", nil, "")
	f.StringArrayVar(&removeKeys, "remove-key", nil, "")
	f.StringArrayVar(&orgs, "org", nil, "")
	f.StringArrayVar(&removeOrgs, "remove-org", nil, "")
	return cmd
}

func newUserRemoveCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "remove NAME",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			u, err := s.FindUser(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := s.RemoveUser(cmd.Context(), u.Name); err != nil {
				return err
			}
			w := a.printer()
			return a.result(map[string]any{"removed": u}, w.T("user.removed", cellText(u.Name)))
		},
	}
}
