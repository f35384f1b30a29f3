package org.phonerescue.servers.ftp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;

/**
 * One account — anonymous, or one name and password — and never a write permission: without
 * {@code WritePermission} the FTP server refuses STOR, DELE, MKD, RMD and RNFR itself.
 */
final class SingleUserManager implements UserManager {

    private final String name;
    private final String password;
    private final BaseUser user;

    /** @param name null for anonymous logins */
    SingleUserManager(String name, String password, int maxLogins, int idleSeconds) {
        this.name = name;
        this.password = password;
        this.user = new BaseUser();
        user.setName(name == null ? ANONYMOUS : name);
        user.setHomeDirectory("/");
        user.setEnabled(true);
        user.setMaxIdleTime(idleSeconds);
        List<Authority> authorities = List.of(new ConcurrentLoginPermission(maxLogins, maxLogins),
                new TransferRatePermission(0, 0));
        user.setAuthorities(authorities);
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
        if (authentication instanceof AnonymousAuthentication && name == null) {
            return user;
        }
        if (authentication instanceof UsernamePasswordAuthentication up && name != null
                && name.equals(up.getUsername()) && up.getPassword() != null
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                up.getPassword().getBytes(StandardCharsets.UTF_8))) {
            return user;
        }
        throw new AuthenticationFailedException("login refused");
    }

    @Override
    public User getUserByName(String username) {
        return user.getName().equals(username) ? user : null;
    }

    @Override
    public String[] getAllUserNames() {
        return new String[] {user.getName()};
    }

    @Override
    public void delete(String username) throws FtpException {
        throw new FtpException("the account cannot be changed");
    }

    @Override
    public void save(User u) throws FtpException {
        throw new FtpException("the account cannot be changed");
    }

    @Override
    public boolean doesExist(String username) {
        return user.getName().equals(username);
    }

    @Override
    public String getAdminName() {
        return null;
    }

    @Override
    public boolean isAdmin(String username) {
        return false;
    }
}
