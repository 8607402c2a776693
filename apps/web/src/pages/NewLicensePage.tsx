import { can } from '@itam/domain';
import { Link, useNavigate } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { FormPage, useFormErrors } from '../components/FormPage.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { LicenseForm } from '../licenses/LicenseForm.tsx';
import { EMPTY_LICENSE, type LicenseErrors, toCreateLicense } from '../licenses/licenseForm.ts';
import { licenseSaveError } from '../licenses/useLicense.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function NewLicensePage() {
  useDocumentTitle('New license');
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const form = useFormErrors<LicenseErrors>();

  const create = trpc.licenses.create.useMutation({
    onSuccess: (license) => {
      void utils.licenses.list.invalidate();
      void utils.compliance.invalidate();
      toast(`Created ${license.name}.`);
      navigate(`/licenses/${license.id}`);
    },
    onError: (error) => form.showServerError(licenseSaveError(error)),
  });

  if (!can(user, 'license.manage')) return <NoAccess />;

  return (
    <FormPage crumbs={[{ to: '/licenses', label: 'Licenses' }]} current="New" title="New license">
      <LicenseForm
        mode="create"
        initial={EMPTY_LICENSE}
        errors={form.errors}
        formError={form.formError}
        busy={create.isPending}
        cancel={
          <Link to="/licenses" className="button">
            Cancel
          </Link>
        }
        onSubmit={(values) => form.check(toCreateLicense(values), (input) => create.mutate(input))}
      />
    </FormPage>
  );
}
