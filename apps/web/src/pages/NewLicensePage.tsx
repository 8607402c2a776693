import { can } from '@itam/domain';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { trpc } from '../api/trpc.ts';
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
  const [errors, setErrors] = useState<LicenseErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = trpc.licenses.create.useMutation({
    onSuccess: (license) => {
      void utils.licenses.list.invalidate();
      void utils.compliance.report.invalidate();
      toast(`Created ${license.name}.`);
      navigate(`/licenses/${license.id}`);
    },
    onError: (error) => {
      const { formError, fieldErrors } = licenseSaveError(error);
      setFormError(formError);
      setErrors(fieldErrors);
    },
  });

  if (!can(user, 'license.manage')) return <NoAccess />;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/licenses">Licenses</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">New</span>
      </nav>
      <div className="page-head">
        <h1>New license</h1>
      </div>
      <div className="panel">
        <LicenseForm
          mode="create"
          initial={EMPTY_LICENSE}
          errors={errors}
          formError={formError}
          busy={create.isPending}
          cancel={
            <Link to="/licenses" className="button">
              Cancel
            </Link>
          }
          onSubmit={(values) => {
            const result = toCreateLicense(values);
            setFormError(null);
            if (!result.ok) {
              setErrors(result.errors);
              return result.errors;
            }
            setErrors({});
            create.mutate(result.value);
            return undefined;
          }}
        />
      </div>
    </>
  );
}
